using Microsoft.Extensions.Logging;

namespace Docent.Ingestion;

/// <summary>
/// The ingest path's log events (ids 1000–1099, listed in docs/operations.md): a run's start and totals, each
/// input's outcome, and — at Trace only — the text of each stored chunk. Paths appear at Debug and above only for
/// failures. Source-generated (<see cref="LoggerMessageAttribute"/>); static and thread-safe.
/// </summary>
internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Ingest started: {Inputs} inputs resolved to {Files} files ({Problems} inputs unusable)")]
    public static partial void Started(ILogger logger, int inputs, int files, int problems);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{Status} {Path} ({Chunks} chunks, document {DocumentId})")]
    public static partial void FileDone(ILogger logger, IngestStatus status, string path, int chunks, string? documentId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Failed {Path}: {Reason}")]
    public static partial void FileFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Skipped {Path}: {Reason}")]
    public static partial void FileSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "Ingest finished in {ElapsedMs} ms: {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Skipped} skipped, {Failed} failed, {Chunks} chunks")]
    public static partial void Finished(ILogger logger, long elapsedMs, int added, int updated, int unchanged, int removed, int skipped, int failed, long chunks);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Trace, Message = "Chunk {ChunkId} text: {Text}")]
    public static partial void ChunkText(ILogger logger, string chunkId, string text);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Names not looked for in passage {Passage} of {Path}: {Reason}")]
    public static partial void NamesNotFound(ILogger logger, string path, int passage, string reason);

    /// <summary>Logs one input's outcome at the level its status calls for.</summary>
    public static void Outcome(ILogger logger, DocumentIngestResult result)
    {
        switch (result.Status)
        {
            case IngestStatus.Failed:
                FileFailed(logger, result.Path, result.Error ?? "unknown reason");
                break;
            case IngestStatus.Skipped:
                FileSkipped(logger, result.Path, result.Error ?? "passed over");
                break;
            default:
                FileDone(logger, result.Status, result.Path, result.Chunks, result.DocumentId);
                break;
        }
    }
}
