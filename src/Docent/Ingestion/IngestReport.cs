namespace Docent.Ingestion;

/// <summary>The results of one ingest run, one per input, with the counts the CLI reports. Immutable.</summary>
public sealed class IngestReport
{
    /// <summary>Builds the report from its per-input results.</summary>
    public IngestReport(IReadOnlyList<DocumentIngestResult> results, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
        Elapsed = elapsed;
    }

    /// <summary>Set when an index could not be brought up to date (the documents are stored all the same).</summary>
    public string? IndexWarning { get; init; }

    /// <summary>One result per input, in the order processed.</summary>
    public IReadOnlyList<DocumentIngestResult> Results { get; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>New documents.</summary>
    public int Added => Count(IngestStatus.Added);

    /// <summary>Replaced documents.</summary>
    public int Updated => Count(IngestStatus.Updated);

    /// <summary>Documents left as they were.</summary>
    public int Unchanged => Count(IngestStatus.Unchanged);

    /// <summary>Documents pruned.</summary>
    public int Removed => Count(IngestStatus.Removed);

    /// <summary>Inputs passed over on purpose.</summary>
    public int Skipped => Count(IngestStatus.Skipped);

    /// <summary>Chunks written in this run.</summary>
    public long Chunks => Results.Sum(r => (long)r.Chunks);

    /// <summary>The inputs that failed.</summary>
    public IReadOnlyList<DocumentIngestResult> Failed => Results.Where(r => r.Status == IngestStatus.Failed).ToList();

    private int Count(IngestStatus status) => Results.Count(r => r.Status == status);
}
