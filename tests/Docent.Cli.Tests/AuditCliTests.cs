using System.Text.Json.Nodes;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>`docent ask` writes the audit log when audit.path is set (caller "cli:" and the OS user), and nothing when not.</summary>
public sealed class AuditCliTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string DataPath => Path.Combine(_root.Path, ".docent");

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        DocentProcess.RunAsync(DocentProcess.StartInfo([.. args, "--data", DataPath]));

    [Fact]
    public async Task Ask_WithAnAuditPath_WritesOneRecordNamingTheCliUser_AndWithoutOneNothing()
    {
        var note = _root.Write("notes/canteen.md", "# Canteen\n\nThe canteen opens at eight o'clock every weekday.\n");
        var ingest = await RunAsync("ingest", note);
        var plain = await RunAsync("ask", "When does the canteen open?");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Empty(Directory.GetFiles(DataPath, "*.jsonl", SearchOption.AllDirectories));

        var audited = await RunAsync("ask", "When does the canteen open?", "--set", "audit.path=audit.jsonl");

        Assert.True(audited.ExitCode == 0, audited.Stderr);
        var record = JsonNode.Parse(Assert.Single(File.ReadAllLines(Path.Combine(DataPath, "audit.jsonl"))))!;
        Assert.Equal("cli:" + Environment.UserName, record["caller"]!.GetValue<string>());
        Assert.Equal(["*"], record["principals"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("When does the canteen open?", record["question"]!.GetValue<string>());
        Assert.Equal("canteen.md", Path.GetFileName(record["documents"]![0]!["source"]!.GetValue<string>()));
        Assert.False(record["cached"]!.GetValue<bool>());
    }
}
