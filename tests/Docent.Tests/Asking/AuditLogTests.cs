using System.Text.Json.Nodes;
using Docent.Access;
using Docent.Asking;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Asking;

/// <summary>
/// The audit log: one JSON line per answered question with who asked, their principals, the question, the cited documents,
/// cached or not and the latency; rotated at its size limit keeping N files; off unless a path is set; a failing write fails
/// no answer.
/// </summary>
[Collection(AnswerCacheMetrics.Name)]
public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<DataFolder> OpenWithHandbookAsync(Action<DocentSettings>? settings = null)
    {
        var options = new DocentOptions { DataDirectory = Path.Combine(_dir.Path, "data") };
        settings?.Invoke(options.Settings);
        var folder = await DataFolder.OpenAsync(options);
        await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")], new IngestOptions());
        return folder;
    }

    [Fact]
    public async Task EachAnswer_IsOneRecord_WithTheCallerQuestionCitedDocumentsAndCacheFlag()
    {
        var folder = await OpenWithHandbookAsync(s => s.Audit.Path = "audit/questions.jsonl");
        var path = Path.Combine(folder.DataDirectory, "audit", "questions.jsonl");
        using (var audit = folder.Options.Settings.Audit.Open(folder.DataDirectory))
        {
            var pipeline = folder.CreateAskPipeline(new AnswerCache(), audit, "handbook");
            var request = new AskRequest { CallerName = "hr-bot", Access = AccessScope.For(["group:hr", "user:alice"]) };
            await pipeline.AskAsync("How many days of annual leave do full-time employees receive?", request);
            await pipeline.AskAsync("how many days of annual leave do full-time employees receive", request);
            await pipeline.AskAsync("What is the zorblaxian launch date?");
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        var first = JsonNode.Parse(lines[0])!;
        Assert.Equal("hr-bot", first["caller"]!.GetValue<string>());
        Assert.Equal(["group:hr", "user:alice"], first["principals"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("handbook", first["collection"]!.GetValue<string>());
        Assert.Equal("How many days of annual leave do full-time employees receive?", first["question"]!.GetValue<string>());
        Assert.Equal("How many days of annual leave do full-time employees receive?", first["standaloneQuestion"]!.GetValue<string>());
        Assert.True(first["found"]!.GetValue<bool>());
        var document = first["documents"]![0]!;
        Assert.Equal("handbook/leave-policy.docx", document["source"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(document["id"]!.GetValue<string>()));
        Assert.False(first["cached"]!.GetValue<bool>());
        Assert.True(first["latencyMs"]!.GetValue<double>() > 0);
        Assert.EndsWith("Z", first["time"]!.GetValue<string>(), StringComparison.Ordinal);

        var second = JsonNode.Parse(lines[1])!;
        Assert.True(second["cached"]!.GetValue<bool>());
        Assert.Equal("how many days of annual leave do full-time employees receive", second["question"]!.GetValue<string>());

        var third = JsonNode.Parse(lines[2])!;
        Assert.Equal("unknown", third["caller"]!.GetValue<string>());
        Assert.Equal(["*"], third["principals"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.False(third["found"]!.GetValue<bool>());
        Assert.Empty(third["documents"]!.AsArray());
    }

    [Fact]
    public void AtTheSizeLimit_TheFileIsRotated_KeepingNFiles()
    {
        var path = Path.Combine(_dir.Path, "audit.jsonl");
        using var log = new AskAuditLog(path, maxFileBytes: 1_000, keepFiles: 2);
        var record = new AskAuditRecord(DateTimeOffset.UnixEpoch, "cli:test", ["*"], "default", new string('q', 300), "q", null, false, [], false, TimeSpan.FromMilliseconds(1));

        for (var i = 0; i < 20; i++)
        {
            Assert.True(log.Write(record));
        }

        string[] expected = [path, log.RotatedPath(1), log.RotatedPath(2)];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Directory.GetFiles(_dir.Path).Order(StringComparer.Ordinal));
        Assert.All(expected, file => Assert.InRange(new FileInfo(file).Length, 1, 1_000));
        Assert.EndsWith("audit.2.jsonl", log.RotatedPath(2), StringComparison.Ordinal);
        Assert.All(expected.SelectMany(File.ReadAllLines), line => Assert.Equal("cli:test", JsonNode.Parse(line)!["caller"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OffByDefault_WritesNothing()
    {
        var folder = await OpenWithHandbookAsync();
        var before = Directory.GetFiles(folder.DataDirectory, "*", SearchOption.AllDirectories).Length;

        Assert.False(folder.Options.Settings.Audit.IsEnabled);
        Assert.Null(folder.Options.Settings.Audit.Open(folder.DataDirectory));
        await folder.CreateAskPipeline(null, folder.Options.Settings.Audit.Open(folder.DataDirectory), "default").AskAsync("How many days of annual leave?");

        Assert.Equal(before, Directory.GetFiles(folder.DataDirectory, "*", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(folder.DataDirectory, "*.jsonl", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AWriteThatFails_IsLogged_AndTheAnswerIsStillGiven()
    {
        var folder = await OpenWithHandbookAsync();
        // The log's path is a folder: every write fails.
        var blocked = Directory.CreateDirectory(Path.Combine(_dir.Path, "blocked.jsonl")).FullName;
        using var logs = new CollectingLoggerProvider();
        using var factory = logs.CreateFactory();
        using var audit = new AskAuditLog(blocked, logger: Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<AskAuditLog>(factory));

        var result = await folder.CreateAskPipeline(null, audit, "default").AskAsync("How many days of annual leave do full-time employees receive?");

        Assert.Contains("27 days", result.Answer.Text, StringComparison.Ordinal);
        Assert.Single(logs.WithId(3010));
    }
}
