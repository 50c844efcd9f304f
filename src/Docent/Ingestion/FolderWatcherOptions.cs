namespace Docent.Ingestion;

/// <summary>Settings of a <see cref="FolderWatcher"/>. Plain options; call <see cref="Validate"/> before use; never mutated by the watcher.</summary>
public sealed class FolderWatcherOptions
{
    /// <summary>The default quiet interval: 500 ms.</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(500);

    /// <summary>A file is ingested once it has had no event for this long, so a file being written is read once, complete.</summary>
    public TimeSpan Debounce { get; set; } = DefaultDebounce;

    /// <summary>
    /// How long one batch waits for another writer (a <c>docent ingest</c>, a server upload) to release the data folder before it is
    /// deferred; a deferred batch is tried again after the same interval, its changes kept.
    /// </summary>
    public TimeSpan LockRetry { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Files larger than this fail with a clear reason instead of being read.</summary>
    public long MaxFileBytes { get; set; } = IngestOptions.DefaultMaxFileBytes;

    /// <summary>How many times a file whose failure may pass (it vanished or was locked while being read) is tried again.</summary>
    public int TransientRetries { get; set; } = 3;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Debounce < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Debounce), Debounce, "Debounce cannot be negative.");
        }

        if (LockRetry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LockRetry), LockRetry, "LockRetry must be positive.");
        }

        if (MaxFileBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "MaxFileBytes must be positive.");
        }

        if (TransientRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TransientRetries), TransientRetries, "TransientRetries cannot be negative.");
        }
    }
}
