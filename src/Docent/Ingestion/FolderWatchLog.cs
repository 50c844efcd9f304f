using Microsoft.Extensions.Logging;

namespace Docent.Ingestion;

/// <summary>
/// The folder watcher's log events (ids 1050–1059, listed in docs/operations.md): watching started, each sync's totals, a
/// rename, a batch deferred by another writer, events lost or a watcher error (a rescan follows), a batch that failed.
/// Source-generated (<see cref="LoggerMessageAttribute"/>); static and thread-safe.
/// </summary>
internal static partial class FolderWatchLog
{
    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "Watching {Folders} (debounce {DebounceMs} ms)")]
    public static partial void Started(ILogger logger, string folders, long debounceMs);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Debug,
        Message = "Folder sync ({Trigger}) in {ElapsedMs} ms: {Added} added, {Updated} updated, {Renamed} renamed, {Removed} removed, {Failed} failed")]
    public static partial void Synced(ILogger logger, FolderSyncTrigger trigger, long elapsedMs, int added, int updated, int renamed, int removed, int failed);

    [LoggerMessage(EventId = 1052, Level = LogLevel.Debug, Message = "Renamed {PreviousPath} to {Path}: {Chunks} chunks kept")]
    public static partial void Renamed(ILogger logger, string previousPath, string path, int chunks);

    [LoggerMessage(EventId = 1053, Level = LogLevel.Warning, Message = "Data folder busy: {Paths} changed paths kept and tried again in {RetryMs} ms ({Reason})")]
    public static partial void Deferred(ILogger logger, int paths, long retryMs, string reason);

    [LoggerMessage(EventId = 1054, Level = LogLevel.Warning, Message = "File-system watcher on {Folder}: {Reason}; rescanning the watched folders")]
    public static partial void WatcherProblem(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 1055, Level = LogLevel.Error, Message = "Folder sync failed: {Reason}; {Paths} changed paths kept and tried again in {RetryMs} ms")]
    public static partial void SyncFailed(ILogger logger, string reason, int paths, long retryMs);
}
