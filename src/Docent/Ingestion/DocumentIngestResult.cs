namespace Docent.Ingestion;

/// <summary>The outcome for one input of an ingest run. Immutable.</summary>
/// <param name="Path">The input's path as resolved (absolute).</param>
/// <param name="Status">What happened.</param>
/// <param name="DocumentId">The document's id, when one was involved.</param>
/// <param name="Chunks">Chunks stored for the document (0 unless added or updated).</param>
/// <param name="Error">Why it failed or was skipped, phrased for the user.</param>
/// <param name="Transient">For failures: whether trying again might succeed (I/O contention, a locked file).</param>
/// <param name="Warnings">Warnings raised while reading.</param>
/// <param name="Contained">For a container (archive, e-mail, mailbox): the results of the files inside it, in order.</param>
public sealed record DocumentIngestResult(
    string Path,
    IngestStatus Status,
    string? DocumentId = null,
    int Chunks = 0,
    string? Error = null,
    bool Transient = false,
    IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<DocumentIngestResult>? Contained = null)
{
    /// <summary>This result followed by the results of the files inside it, depth first.</summary>
    public IEnumerable<DocumentIngestResult> WithContained()
    {
        yield return this;
        foreach (var inner in Contained ?? [])
        {
            foreach (var result in inner.WithContained())
            {
                yield return result;
            }
        }
    }
}
