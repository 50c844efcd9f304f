namespace Docent.Ingestion;

/// <summary>What a folder sync did to one file.</summary>
public enum FolderChangeKind
{
    /// <summary>A new file was read and stored.</summary>
    Added,

    /// <summary>A changed file replaced its stored version.</summary>
    Updated,

    /// <summary>A file whose stored version matched its content; nothing was done.</summary>
    Unchanged,

    /// <summary>A file appeared under a new path with the content of a stored document whose file is gone: the document moved, its chunks kept.</summary>
    Renamed,

    /// <summary>A stored document whose file is gone was removed.</summary>
    Removed,

    /// <summary>A file passed over on purpose (an image, an archive, not a regular file).</summary>
    Skipped,

    /// <summary>A file that could not be ingested; the reason says why, and anything stored before is intact.</summary>
    Failed,
}
