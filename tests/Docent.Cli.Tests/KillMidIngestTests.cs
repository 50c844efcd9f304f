using System.Diagnostics;
using System.Text.Json;
using Docent.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Docent.Cli.Tests;

/// <summary>
/// A `docent ingest` killed with SIGKILL part-way leaves a readable, consistent store, and the next ingest
/// completes the batch. The kill lands mid-batch by construction, not by timing: the child reports each
/// committed file on stderr (--verbose), the test stops reading after <see cref="KillAfter"/> lines, and the
/// long file names fill the pipe (64 KiB) long before the batch ends, so the child blocks until it is killed.
/// </summary>
public sealed class KillMidIngestTests : IDisposable
{
    private const int FileCount = 1200;
    private const int KillAfter = 40;

    /// <summary>Pads file names so that FileCount result lines are several times the pipe's capacity.</summary>
    private static readonly string LongName = new('x', 200);

    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_killed_ingest_leaves_a_consistent_store_and_the_next_run_completes_the_batch()
    {
        for (var i = 0; i < FileCount; i++)
        {
            var body = string.Join("\n\n", Enumerable.Range(0, 5).Select(p => $"Paragraph {p} of report {i} mentions marker{i} and the quarterly figures for region {p % 7}."));
            _docs.Write($"report-{i:D4}-{LongName}.md", $"# Report {i}\n\n{body}\n");
        }

        // --verbose prints each file's result on stderr as soon as it is committed; kill after KillAfter of them.
        using (var child = Process.Start(DocentProcess.StartInfo("ingest", _docs.Path, "--data", _data.Path, "--json", "--verbose"))!)
        {
            child.StandardInput.Close();
            _ = child.StandardOutput.ReadToEndAsync();
            var seen = 0;
            while (seen < KillAfter && await child.StandardError.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("added ", StringComparison.Ordinal))
                {
                    seen++;
                }
            }

            Assert.Equal(KillAfter, seen);
            child.Kill(entireProcessTree: true); // SIGKILL: no cleanup code runs
            await child.WaitForExitAsync();
        }

        var committed = AssertConsistent();
        Assert.InRange(committed, KillAfter, FileCount - 1); // it really was killed mid-batch

        // Readers still work on the killed store: the index catches up from the change log.
        var (searchCode, searchOut, _) = await DocentProcess.RunAsync("search", "marker0", "--data", _data.Path, "--json");
        Assert.Equal(0, searchCode);
        using (var search = JsonDocument.Parse(searchOut))
        {
            Assert.EndsWith($"report-0000-{LongName}.md", search.RootElement.GetProperty("results")[0].GetProperty("source").GetString());
        }

        var (code, stdout, _) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");
        Assert.Equal(0, code);
        using (var report = JsonDocument.Parse(stdout))
        {
            Assert.Equal(FileCount - committed, report.RootElement.GetProperty("added").GetInt32());
            Assert.Equal(committed, report.RootElement.GetProperty("unchanged").GetInt32());
        }

        Assert.Equal(FileCount, AssertConsistent());
        var (_, lastOut, _) = await DocentProcess.RunAsync("search", $"marker{FileCount - 1}", "--data", _data.Path, "--json");
        using var last = JsonDocument.Parse(lastOut);
        Assert.EndsWith($"report-{FileCount - 1:D4}-{LongName}.md", last.RootElement.GetProperty("results")[0].GetProperty("source").GetString());
    }

    /// <summary>Checks SQLite integrity and that every document has exactly its recorded chunks; returns the document count.</summary>
    private int AssertConsistent()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "docent.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", command.ExecuteScalar() as string);
        command.CommandText = "SELECT count(*) FROM documents d WHERE d.chunk_count <> (SELECT count(*) FROM chunks c WHERE c.document_id = d.id) OR d.chunk_count = 0;";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        command.CommandText = "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = c.document_id);";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        command.CommandText = "SELECT count(*) FROM documents;";
        return (int)(long)command.ExecuteScalar()!;
    }
}
