namespace Docent.Ingestion;

/// <summary>What a folder sync did to one file. Immutable.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Path">The file's absolute path (for a removal, the path it had).</param>
/// <param name="Source">The path people are shown: relative to the watched folder's parent ("handbook/leave.md").</param>
/// <param name="PreviousPath">For a rename: the absolute path the document had before.</param>
/// <param name="PreviousSource">For a rename: the path people were shown before.</param>
/// <param name="Chunks">Chunks stored (added and updated) or kept (renamed).</param>
/// <param name="Reason">For a failure or a skip: why, in words.</param>
/// <param name="Transient">For a failure: whether trying again might succeed (the watcher does, a few times).</param>
public sealed record FolderChange(
    FolderChangeKind Kind,
    string Path,
    string Source,
    string? PreviousPath = null,
    string? PreviousSource = null,
    int Chunks = 0,
    string? Reason = null,
    bool Transient = false);
