using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>The README's first command: `docent demo` ingests the bundled handbook and answers with citations.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Demo_ingests_the_bundled_handbook_and_answers_its_questions_with_citations()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("demo", "--data", _data.Path, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var ingest = json.RootElement.GetProperty("ingest");
        Assert.Equal(7, ingest.GetProperty("added").GetInt32());
        Assert.Empty(ingest.GetProperty("failed").EnumerateArray());
        var answers = json.RootElement.GetProperty("answers").EnumerateArray().ToList();
        Assert.True(answers.Count >= 5);

        // Every question but the deliberately unanswerable last one is answered, and each answer cites its quotes.
        Assert.All(answers[..^1], a =>
        {
            Assert.True(a.GetProperty("found").GetBoolean(), a.GetProperty("question").GetString());
            Assert.NotEmpty(a.GetProperty("citations").EnumerateArray());
        });
        Assert.False(answers[^1].GetProperty("found").GetBoolean());

        // The sources span the formats of the handbook.
        var sources = answers.SelectMany(a => a.GetProperty("citations").EnumerateArray()).Select(c => Path.GetExtension(c.GetProperty("source").GetString())).ToHashSet();
        Assert.Superset(new HashSet<string?> { ".docx", ".pdf", ".html", ".txt", ".md" }, sources);
    }

    [Fact]
    public async Task Demo_cites_the_handbook_as_samples_handbook_not_where_the_build_keeps_it()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("demo", "--data", _data.Path, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var answers = json.RootElement.GetProperty("answers").EnumerateArray().ToList();
        var cited = answers.SelectMany(a => a.GetProperty("citations").EnumerateArray().Concat(a.GetProperty("closestPassages").EnumerateArray())).ToList();
        Assert.NotEmpty(cited);
        Assert.All(cited, c =>
        {
            var source = c.GetProperty("source").GetString()!;
            Assert.StartsWith("samples/handbook/", source, StringComparison.Ordinal);
            Assert.DoesNotContain("bin/", source, StringComparison.Ordinal);
            Assert.DoesNotContain(".store", source, StringComparison.Ordinal);

            // The file itself stays reachable for scripts.
            Assert.True(File.Exists(c.GetProperty("path").GetString()), c.GetProperty("path").GetString());
        });

        // The human output cites the same way.
        var (humanCode, human, humanErr) = await DocentProcess.RunAsync("demo", "--data", _data.Path);
        Assert.True(humanCode == 0, humanErr);
        Assert.Contains("samples/handbook/leave-policy.docx", human.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(Path.Combine("bin", "Release"), human, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_folder_keeps_one_copy_of_the_samples_when_another_install_used_it_first()
    {
        // Another copy of the tool (an older install, elsewhere) ingested its own copy of the handbook into the shared folder.
        using var elsewhere = new TempDirectory();
        var otherInstall = Path.Combine(elsewhere.Path, "other-install", "handbook");
        CopyDirectory(Path.Combine(RepositoryPaths.Samples, "handbook"), otherInstall);
        var (ingest, _, ingestErr) = await DocentProcess.RunAsync("ingest", otherInstall, "--data", _data.Path);
        Assert.True(ingest == 0, ingestErr);

        var (code, stdout, stderr) = await DocentProcess.RunAsync("demo", "--data", _data.Path, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var cited = json.RootElement.GetProperty("answers").EnumerateArray().SelectMany(a => a.GetProperty("citations").EnumerateArray()).ToList();
        Assert.NotEmpty(cited);
        Assert.All(cited, c => Assert.StartsWith("samples/handbook/", c.GetProperty("source").GetString()!, StringComparison.Ordinal));
        var (_, list, _) = await DocentProcess.RunAsync("docs", "list", "--data", _data.Path, "--json");
        using var documents = JsonDocument.Parse(list);
        Assert.DoesNotContain(
            documents.RootElement.GetProperty("documents").EnumerateArray(),
            d => d.GetProperty("source").GetString()!.Contains("-other-install", StringComparison.Ordinal));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    [Fact]
    public async Task The_readme_names_the_commands_this_repository_runs()
    {
        var root = RepositoryPaths.Root();

        var readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        Assert.Contains("dotnet run --project src/Docent.Cli -c Release -- demo", readme);
        Assert.Contains("dotnet test Docent.slnx -c Release", readme);
        Assert.Contains("dotnet test Docent.slnx -c Release", await File.ReadAllTextAsync(Path.Combine(root, ".ci", "run")));
    }
}
