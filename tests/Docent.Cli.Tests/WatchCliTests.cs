using System.Diagnostics;
using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// `docent watch` catches up, then prints one line per file it adds, renames or removes as the folder changes; the test waits
/// on those lines (each wait bounded by a generous guard) and kills the process when it has seen them.
/// </summary>
public sealed class WatchCliTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Watch_prints_a_line_for_a_file_added_renamed_and_removed()
    {
        var root = Path.GetFileName(_docs.Path);
        _docs.Write("travel.md", "# Travel\n\nEmployees book trains for trips under 600 km.\n");
        using var watch = Start("watch", _docs.Path, "--data", _data.Path, "--debounce", "100", "--no-embeddings");
        try
        {
            Assert.Equal($"added {root}/travel.md (1 chunk)", await watch.StandardOutput.ReadLineAsync().WaitAsync(Guard));
            await ReadUntilAsync(watch.StandardError, line => line.StartsWith("Caught up", StringComparison.Ordinal));

            _docs.Write("leave.md", "# Leave\n\nEmployees receive 27 days of annual leave.\n");
            Assert.Equal($"added {root}/leave.md (1 chunk)", await watch.StandardOutput.ReadLineAsync().WaitAsync(Guard));
            File.Move(Path.Combine(_docs.Path, "leave.md"), Path.Combine(_docs.Path, "holidays.md"));
            Assert.Equal($"renamed {root}/leave.md → {root}/holidays.md (chunks kept)", await watch.StandardOutput.ReadLineAsync().WaitAsync(Guard));
            File.Delete(Path.Combine(_docs.Path, "travel.md"));
            Assert.Equal($"removed {root}/travel.md", await watch.StandardOutput.ReadLineAsync().WaitAsync(Guard));
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }

        // What the watch stored is there for the next command.
        var (code, stdout, _) = await DocentProcess.RunAsync("search", "annual leave", "--data", _data.Path, "--json", "--no-embeddings");
        Assert.Equal(0, code);
        using var search = JsonDocument.Parse(stdout);
        Assert.Equal($"{root}/holidays.md", search.RootElement.GetProperty("results")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Watch_json_prints_one_object_per_change()
    {
        using var watch = Start("watch", _docs.Path, "--data", _data.Path, "--debounce", "100", "--no-embeddings", "--json");
        try
        {
            await ReadUntilAsync(watch.StandardError, line => line.StartsWith("Caught up", StringComparison.Ordinal));
            var path = _docs.Write("notes.txt", "Office hours\n\nThe office opens at 8:30 on weekdays.\n");
            using var line = JsonDocument.Parse((await watch.StandardOutput.ReadLineAsync().WaitAsync(Guard))!);
            Assert.Equal("added", line.RootElement.GetProperty("event").GetString());
            Assert.Equal($"{Path.GetFileName(_docs.Path)}/notes.txt", line.RootElement.GetProperty("source").GetString());
            Assert.Equal(path, line.RootElement.GetProperty("path").GetString());
            Assert.Equal(1, line.RootElement.GetProperty("chunks").GetInt32());
            Assert.Equal("changes", line.RootElement.GetProperty("trigger").GetString());
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await watch.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Watching_a_missing_folder_fails_with_one_line_naming_it()
    {
        var missing = Path.Combine(_docs.Path, "nowhere");

        var (code, stdout, stderr) = await DocentProcess.RunAsync("watch", missing, "--data", _data.Path);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"docent: error: Cannot watch {missing}: no such folder.", stderr.Trim());
        Assert.False(File.Exists(Path.Combine(_data.Path, "docent.db")));
    }

    private static Process Start(params string[] args)
    {
        var process = Process.Start(DocentProcess.StartInfo(args))!;
        process.StandardInput.Close();
        return process;
    }

    private static async Task ReadUntilAsync(StreamReader reader, Func<string, bool> match)
    {
        var seen = new List<string>();
        using var guard = new CancellationTokenSource(Guard);
        while (await reader.ReadLineAsync(guard.Token) is { } line)
        {
            seen.Add(line);
            if (match(line))
            {
                return;
            }
        }

        Assert.Fail($"The process ended before the line awaited; it wrote: {string.Join(" | ", seen)}");
    }
}
