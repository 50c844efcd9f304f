using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// Human output sent to a pipe is not hard-wrapped (even with COLUMNS set and a long path), has no trailing spaces,
/// shows paths relative to the working folder, and `docs list` shows short ids that `docs remove` accepts.
/// </summary>
public sealed class PipedOutputTests : IDisposable
{
    private const string Sentence =
        "The lighthouse keeper records every passing ship in the harbour log, together with its flag, its cargo and the hour it cleared the breakwater at the northern end of the bay.";

    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string DataPath => Path.Combine(_root.Path, ".docent");

    private Task<(int ExitCode, string Stdout, string Stderr)> RunHereAsync(params string[] args)
    {
        var info = DocentProcess.StartInfo([.. args, "--data", DataPath]);
        info.WorkingDirectory = _root.Path;
        info.Environment["COLUMNS"] = "200";
        return DocentProcess.RunAsync(info);
    }

    private static string[] Lines(string stdout) => stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    [Fact]
    public async Task Piped_search_ask_and_ingest_output_keeps_each_line_whole_with_no_trailing_spaces()
    {
        // A path far wider than 80 columns, and a passage that is one long line.
        var folder = "archives/" + string.Join('/', Enumerable.Repeat("harbour-master-records", 4));
        var relative = $"{folder}/lighthouse-log.md";
        _root.Write(relative, $"# Lighthouse log\n\n{Sentence}\n");

        var ingest = await RunHereAsync("ingest", "archives");
        var search = await RunHereAsync("search", "lighthouse keeper ships");
        var ask = await RunHereAsync("ask", "Who records every passing ship?");

        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        Assert.True(search.ExitCode == 0, search.Stderr);
        Assert.True(ask.ExitCode == 0, ask.Stderr);
        foreach (var output in new[] { ingest.Stdout, search.Stdout, ask.Stdout })
        {
            Assert.All(Lines(output), line => Assert.False(line.EndsWith(' '), $"trailing spaces: \"{line}\""));
        }

        // One heading line and one passage line per hit, then the summary: nothing wrapped.
        var searchLines = Lines(search.Stdout);
        Assert.Equal(3, searchLines.Length);
        Assert.StartsWith($"1. {relative} › Lighthouse log (score ", searchLines[0], StringComparison.Ordinal);
        Assert.Matches(@":0\)$", searchLines[0]);
        Assert.Equal("   " + Sentence, searchLines[1]);

        // The citation names the whole path on its line; the quote is one line.
        var askLines = Lines(ask.Stdout);
        Assert.Contains(askLines, l => l.StartsWith($"  [1] {relative}", StringComparison.Ordinal));
        Assert.Contains(askLines, l => l.Trim() == $"\"{Sentence}\"");
    }

    [Fact]
    public async Task Docs_list_shows_short_ids_and_relative_paths_that_docs_remove_accepts()
    {
        _root.Write("handbook/leave.md", "# Leave\n\nEmployees receive 27 days of paid leave.\n");
        _root.Write("handbook/travel.md", "# Travel\n\nBook trains through the travel portal.\n");
        Assert.Equal(0, (await RunHereAsync("ingest", "handbook")).ExitCode);

        var list = await RunHereAsync("docs", "list");

        Assert.True(list.ExitCode == 0, list.Stderr);
        var rows = Lines(list.Stdout).Skip(1).ToList(); // after the header
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.False(row.EndsWith(' '), $"trailing spaces: \"{row}\""));
        var leave = Assert.Single(rows, r => r.Contains(" handbook/leave.md ", StringComparison.Ordinal));
        Assert.DoesNotContain(_root.Path, list.Stdout, StringComparison.Ordinal);
        var shownId = leave.Split(' ')[0];
        Assert.InRange(shownId.Length, 8, 12);

        var remove = await RunHereAsync("docs", "remove", shownId);

        Assert.True(remove.ExitCode == 0, remove.Stdout + remove.Stderr);
        Assert.Equal("removed handbook/leave.md", remove.Stdout.Trim());
        using var after = JsonDocument.Parse((await RunHereAsync("docs", "list", "--json")).Stdout);
        var left = after.RootElement.GetProperty("documents").EnumerateArray().ToList();
        var document = Assert.Single(left);
        Assert.Equal(Path.Combine(_root.Path, "handbook", "travel.md"), document.GetProperty("source").GetString()); // --json keeps full paths
        Assert.Equal(16, document.GetProperty("id").GetString()!.Length); // and full ids
    }
}
