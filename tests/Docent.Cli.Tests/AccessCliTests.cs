using System.Text.Json.Nodes;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// Access lists from the command line: `ingest --acl` and folder rule files set them, `docs access` shows and changes them,
/// and `--as` makes ask, search and docs list read as a caller holding those principals (the owner reads everything).
/// </summary>
public sealed class AccessCliTests
{
    [Fact]
    public async Task IngestAcl_DocsAccess_AndAs_WorkTogether()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        var memo = dir.Write("hr/salaries.md", "# Salary review\n\nThe zorblaxian salary bands rise by four percent in May.\n");
        dir.Write("public/canteen.md", "# Canteen\n\nThe canteen opens at eight and serves zorblaxian soup on Fridays.\n");

        var ingest = await DocentProcess.RunAsync("ingest", Path.Combine(dir.Path, "hr"), "--acl", "group:hr", "--data", data, "--no-embeddings", "--json");
        Assert.Equal(0, ingest.ExitCode);
        Assert.Equal(0, (await DocentProcess.RunAsync("ingest", Path.Combine(dir.Path, "public"), "--data", data, "--no-embeddings")).ExitCode);

        var listed = JsonNode.Parse((await DocentProcess.RunAsync("docs", "list", "--data", data, "--json")).Stdout)!["documents"]!.AsArray();
        Assert.Equal(["group:hr"], listed.Single(d => d!["source"]!.GetValue<string>() == memo)!["access"]!.AsArray().Select(p => p!.GetValue<string>()));
        var asStaff = (await DocentProcess.RunAsync("docs", "list", "--data", data, "--as", "group:staff", "--json")).Stdout;
        Assert.DoesNotContain("salaries.md", asStaff, StringComparison.Ordinal);
        Assert.Contains("canteen.md", asStaff, StringComparison.Ordinal);

        var search = (await DocentProcess.RunAsync("search", "zorblaxian salary bands", "--data", data, "--no-embeddings", "--as", "group:staff", "--json")).Stdout;
        Assert.DoesNotContain("salaries.md", search, StringComparison.Ordinal);
        Assert.Contains("salaries.md", (await DocentProcess.RunAsync("search", "zorblaxian salary bands", "--data", data, "--no-embeddings", "--json")).Stdout, StringComparison.Ordinal);
        var hrAnswer = (await DocentProcess.RunAsync("ask", "By how much do the zorblaxian salary bands rise?", "--data", data, "--no-embeddings", "--as", "group:hr", "--json")).Stdout;
        Assert.Contains("four percent", hrAnswer, StringComparison.Ordinal);
        var staffAnswer = (await DocentProcess.RunAsync("ask", "By how much do the zorblaxian salary bands rise?", "--data", data, "--no-embeddings", "--as", "group:staff", "--json")).Stdout;
        Assert.DoesNotContain("four percent", staffAnswer, StringComparison.Ordinal);

        var opened = await DocentProcess.RunAsync("docs", "access", memo, "--clear", "--data", data, "--json");
        Assert.Equal(0, opened.ExitCode);
        Assert.Empty(JsonNode.Parse(opened.Stdout)!["documents"]![0]!["access"]!.AsArray());
        Assert.Contains("salaries.md", (await DocentProcess.RunAsync("docs", "list", "--data", data, "--as", "group:staff", "--json")).Stdout, StringComparison.Ordinal);

        var shown = await DocentProcess.RunAsync("docs", "access", memo, "--set", "user:carol", "--data", data);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("user:carol", shown.Stdout, StringComparison.Ordinal);

        var bad = await DocentProcess.RunAsync("ask", "anything", "--data", data, "--no-embeddings", "--as", "HR");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("kind:name", bad.Stderr, StringComparison.Ordinal);
    }
}
