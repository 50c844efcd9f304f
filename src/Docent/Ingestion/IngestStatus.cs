namespace Docent.Ingestion;

/// <summary>What happened to one input of an ingest run.</summary>
public enum IngestStatus
{
    /// <summary>A new document was stored.</summary>
    Added,

    /// <summary>A changed document replaced its earlier version.</summary>
    Updated,

    /// <summary>The content hash matched the stored version; nothing was done.</summary>
    Unchanged,

    /// <summary>A stored document whose file is gone was removed (with --prune).</summary>
    Removed,

    /// <summary>Passed over on purpose (an image or archive met while walking a folder).</summary>
    Skipped,

    /// <summary>Could not be ingested; <see cref="DocumentIngestResult.Error"/> says why. Anything stored before is intact.</summary>
    Failed,
}
