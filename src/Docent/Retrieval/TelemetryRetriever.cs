using System.Diagnostics;
using Docent.Diagnostics;

namespace Docent.Retrieval;

/// <summary>
/// A retriever decorator that records each search as a "retrieve" activity (tag <c>docent.retrieve.results</c>) and its
/// duration in the stage-duration histogram (<c>stage=retrieve</c>), so no retriever writes telemetry inline.
/// Thread-safe when the inner retriever is.
/// </summary>
public sealed class TelemetryRetriever(IRetriever innerRetriever) : DelegatingRetriever(innerRetriever)
{
    /// <inheritdoc />
    public override async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = DocentTelemetry.Source.StartActivity("retrieve");
        var started = Stopwatch.GetTimestamp();
        var results = await InnerRetriever.RetrieveAsync(query, options, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("docent.retrieve.results", results.Count);
        DocentTelemetry.StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("stage", "retrieve"));
        return results;
    }
}
