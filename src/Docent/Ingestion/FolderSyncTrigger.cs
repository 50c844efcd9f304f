namespace Docent.Ingestion;

/// <summary>Why a <see cref="FolderSyncReport"/> was made.</summary>
public enum FolderSyncTrigger
{
    /// <summary>The catch-up on start: the watched folders compared with the store as a whole.</summary>
    CatchUp,

    /// <summary>A batch of files that changed and then stayed quiet for the debounce interval.</summary>
    Changes,

    /// <summary>A full rescan, after the file-system watcher lost events (its buffer overflowed) or reported an error.</summary>
    Rescan,

    /// <summary>Nothing applied yet: another writer holds the data folder; the changes are kept and tried again.</summary>
    Deferred,

    /// <summary>The watcher or a batch failed; <see cref="FolderSyncReport.Problem"/> says why. The changes are kept and tried again.</summary>
    Error,
}
