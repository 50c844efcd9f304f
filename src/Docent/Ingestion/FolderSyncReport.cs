namespace Docent.Ingestion;

/// <summary>
/// What one folder sync did — the catch-up on start, a batch of changes, a rescan — or why nothing was done yet (the data
/// folder busy, an error). The watcher's own events: hosts print or log them, tests wait on them. Immutable.
/// </summary>
/// <param name="Trigger">Why the sync ran (or why it did not).</param>
/// <param name="Changes">One entry per file touched, in the order applied; empty when nothing was applied.</param>
/// <param name="Elapsed">How long the sync took.</param>
public sealed record FolderSyncReport(FolderSyncTrigger Trigger, IReadOnlyList<FolderChange> Changes, TimeSpan Elapsed)
{
    /// <summary>For <see cref="FolderSyncTrigger.Deferred"/> and <see cref="FolderSyncTrigger.Error"/>: what went wrong, in words.</summary>
    public string? Problem { get; init; }

    /// <summary>Set when an index could not be brought up to date (the documents are stored all the same).</summary>
    public string? IndexWarning { get; init; }

    /// <summary>How many files had <paramref name="kind"/> done to them.</summary>
    public int Count(FolderChangeKind kind) => Changes.Count(c => c.Kind == kind);
}
