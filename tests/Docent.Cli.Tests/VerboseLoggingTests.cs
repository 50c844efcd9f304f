using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// The global --verbose writes the engine's log to stderr and nothing extra to stdout, so `--json` output still pipes;
/// without it a normal run writes nothing to stderr; and the question's text stays out of the Debug log.
/// </summary>
public sealed class VerboseLoggingTests : IDisposable
{
    private const string Question = "How many days of annual leave do full-time employees receive?";

    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public VerboseLoggingTests() => _docs.Write("leave.md", "# Leave\n\nFull-time employees receive 25 days of annual leave each year.\n");

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Verbose_ingest_logs_to_stderr_and_keeps_stdout_one_json_object_while_a_normal_run_logs_nothing()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("--verbose", "ingest", _docs.Path, "--data", _data.Path, "--json");

        Assert.Equal(0, code);
        using (var report = JsonDocument.Parse(stdout)) // throws on anything after the object
        {
            Assert.Equal(1, report.RootElement.GetProperty("added").GetInt32());
        }

        Assert.DoesNotContain("dbug:", stdout, StringComparison.Ordinal);
        Assert.Contains("dbug: Docent.Ingestion.IngestionPipeline[1001] Added " + Path.Combine(_docs.Path, "leave.md"), stderr, StringComparison.Ordinal);
        Assert.Contains("info: Docent.Ingestion.IngestionPipeline[1004] Ingest finished", stderr, StringComparison.Ordinal);
        Assert.Contains("LexicalIndexSynchronizer[2004] Saved the lexical index", stderr, StringComparison.Ordinal);

        // Without --verbose the same command writes nothing to stderr: normal runs stay as quiet as before.
        var (quietCode, quietOut, quietErr) = await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path, "--json");
        Assert.Equal(0, quietCode);
        Assert.Equal("", quietErr);
        using var quiet = JsonDocument.Parse(quietOut);
        Assert.Equal(1, quiet.RootElement.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Verbose_ask_logs_retrieval_and_answer_but_not_the_question()
    {
        Assert.Equal(0, (await DocentProcess.RunAsync("ingest", _docs.Path, "--data", _data.Path)).ExitCode);

        var (code, stdout, stderr) = await DocentProcess.RunAsync("ask", Question, "--data", _data.Path, "--json", "-v");

        Assert.Equal(0, code);
        using (var answer = JsonDocument.Parse(stdout))
        {
            Assert.True(answer.RootElement.GetProperty("found").GetBoolean());
        }

        Assert.Contains("Docent.Asking.AskPipeline[3004]", stderr, StringComparison.Ordinal);
        Assert.Contains("Docent.Asking.AskPipeline[3005]", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("annual leave", stderr, StringComparison.Ordinal);
    }
}
