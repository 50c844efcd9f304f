using Docent.Indexing;

namespace Docent.Ingestion;

/// <summary>Settings of one ingest run. Plain options; call <see cref="Validate"/> before use; never mutated by the pipeline.</summary>
public sealed class IngestOptions
{
    /// <summary>Default cap on one file's size: 512 MiB.</summary>
    public const long DefaultMaxFileBytes = 512L * 1024 * 1024;

    /// <summary>Remove stored documents under the given folders whose files no longer exist.</summary>
    public bool Prune { get; set; }

    /// <summary>Files larger than this fail with a clear reason instead of being read.</summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>
    /// What people are shown as the source instead of a path on this machine. For <see cref="IngestionPipeline.IngestFileAsync"/>: the
    /// file's name (e.g. an upload's original file name). For <see cref="IngestionPipeline.IngestAsync"/>, which then takes exactly one
    /// input: the name of that folder, each file under it shown as this name and its path inside the folder
    /// ("samples/handbook" shows ./bin/Release/samples/handbook/leave.md as "samples/handbook/leave.md"), or the name of that one file.
    /// Null: a file ingested by itself is shown by its file name, a file under a folder by its path relative to the folder's parent
    /// ("handbook/leave.md" for `ingest ./handbook`).
    /// </summary>
    public string? DisplaySource { get; set; }

    /// <summary>
    /// How deep containers may nest (a zip in a zip, an attachment of a message in a mailbox): the files inside a container at
    /// this depth are not opened, with a warning. Default 3.
    /// </summary>
    public int MaxNestingDepth { get; set; } = 3;

    /// <summary>Most files one container (with everything nested in it) may hold. Default 10,000.</summary>
    public int MaxContainedFiles { get; set; } = 10_000;

    /// <summary>Most bytes the files inside one container may come to together, once inflated and decoded. Default 1 GiB.</summary>
    public long MaxContainedBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Who may read the documents this run stores ("group:hr", "user:alice"; see <see cref="Access.DocumentAccess"/>); an
    /// empty list lets every caller read them. Null: each file takes the access list of the nearest
    /// <see cref="FolderAccessRules.FileName"/> file above it, else keeps the list it was stored with (a new file: every
    /// caller). A file held in a container takes the container's list.
    /// </summary>
    public IReadOnlyList<string>? Access { get; set; }

    /// <summary>Receives progress while new chunks are embedded into the vector index (only with an embedding model).</summary>
    public IProgress<Indexing.VectorSyncProgress>? EmbeddingProgress { get; set; }

    /// <summary>How long to wait for another writer (a server upload, another ingest) to release the data folder.</summary>
    public TimeSpan LockWait { get; set; } = Docent.Storage.DataFolderLock.DefaultWait;

    /// <summary>Runs once if the run has to wait for another writer (to tell the user why nothing happens yet).</summary>
    public Action? WaitingForLock { get; set; }

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (MaxFileBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "MaxFileBytes must be positive.");
        }

        if (Access is not null)
        {
            Docent.Access.DocumentAccess.Normalize(Access);
        }

        if (MaxNestingDepth < 0 || MaxContainedFiles < 0 || MaxContainedBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNestingDepth), "The container limits cannot be negative.");
        }

        if (LockWait < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockWait), LockWait, "LockWait cannot be negative.");
        }
    }
}
