using System.Diagnostics;
using Docent.Answering;
using Docent.Diagnostics;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Hosting;

/// <summary>Asking a question emits one trace with a span per stage under the "Docent" activity source.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Ask_EmitsAskCondenseRetrieveAndGenerateSpans_InOneTrace()
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });
        await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")], new IngestOptions());
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DocentTelemetry.Name or "Docent.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("Docent.Tests");

        ActivityTraceId trace;
        using (var root = testSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            await folder.CreateAskPipeline().AskAsync("How many days of annual leave do full-time employees receive?");
        }

        // Other tests run in parallel and ask too: keep this trace only.
        var names = spans.Where(s => s.TraceId == trace && s.Source.Name == DocentTelemetry.Name).Select(s => s.OperationName).ToHashSet();
        Assert.Superset(new HashSet<string> { "ask", "condense", "retrieve", "generate" }, names);
    }
}
