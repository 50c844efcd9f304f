using Microsoft.Extensions.Logging;

namespace Docent.Server.Observability;

/// <summary>
/// The server endpoints' log events (ids 4000–4099, listed in docs/operations.md): uploads, deletes and questions per
/// collection. Uploaded file names appear at Debug only; questions only as a length (the engine's ask events carry
/// their fingerprint, their text at Trace). Source-generated (<see cref="LoggerMessageAttribute"/>); static and thread-safe.
/// </summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Upload of {Files} files to collection {Collection}")]
    public static partial void UploadReceived(ILogger logger, string collection, int files);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Upload to collection {Collection}: {Name} {Status}")]
    public static partial void UploadFile(ILogger logger, string collection, string name, string status);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Upload to collection {Collection} done in {ElapsedMs} ms: {Stored} stored or unchanged, {Failed} failed")]
    public static partial void UploadFinished(ILogger logger, string collection, long elapsedMs, int stored, int failed);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Collection {Collection} is busy with another writer; the {Operation} was refused")]
    public static partial void Busy(ILogger logger, string collection, string operation);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Deleted document {DocumentId} from collection {Collection}")]
    public static partial void DocumentDeleted(ILogger logger, string collection, string documentId);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "Access list of document {DocumentId} in collection {Collection} set: {Principals} principals")]
    public static partial void AccessChanged(ILogger logger, string collection, string documentId, int principals);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Delete of document {DocumentId} from collection {Collection}: no such document")]
    public static partial void DeleteNotFound(ILogger logger, string collection, string documentId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information,
        Message = "Question to collection {Collection} through {Endpoint} ({QuestionLength} chars, streamed: {Streamed})")]
    public static partial void AskReceived(ILogger logger, string collection, string endpoint, int questionLength, bool streamed);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Collection {Collection} follows the folders {Folders}")]
    public static partial void WatchStarted(ILogger logger, string collection, string folders);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information,
        Message = "Folder sync ({Trigger}) of collection {Collection} in {ElapsedMs} ms: {Added} added, {Updated} updated, {Renamed} renamed, {Removed} removed, {Failed} failed")]
    public static partial void WatchSynced(
        ILogger logger, string collection, string trigger, long elapsedMs, int added, int updated, int renamed, int removed, int failed);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Folder sync of collection {Collection}: {Change} {Source}")]
    public static partial void WatchChange(ILogger logger, string collection, string change, string source);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Folder sync of collection {Collection}: {Problem}")]
    public static partial void WatchProblem(ILogger logger, string collection, string problem);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Error, Message = "Collection {Collection} stopped following its folders: {Reason}")]
    public static partial void WatchStopped(ILogger logger, string collection, string reason);
}
