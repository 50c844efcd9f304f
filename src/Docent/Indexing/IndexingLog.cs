using Microsoft.Extensions.Logging;

namespace Docent.Indexing;

/// <summary>
/// The index synchronisation's log events (ids 2000–2009, listed in docs/operations.md): derived indexes loaded,
/// rebuilt, caught up, saved and swapped for a newer file after another process trimmed the change log. No document text. Source-generated (<see cref="LoggerMessageAttribute"/>); static and
/// thread-safe.
/// </summary>
internal static partial class IndexingLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Opened the {Index} index from {Path}")]
    public static partial void IndexLoaded(ILogger logger, string index, string path);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Rebuilding the {Index} index from the store: {Reason}")]
    public static partial void IndexRebuilding(ILogger logger, string index, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Rebuilt the {Index} index from {Chunks} chunks in {ElapsedMs} ms")]
    public static partial void IndexRebuilt(ILogger logger, string index, int chunks, long elapsedMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "The {Index} index caught up {Changes} changes from the change log")]
    public static partial void IndexCaughtUp(ILogger logger, string index, int changes);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Saved the {Index} index to {Path}")]
    public static partial void IndexSaved(ILogger logger, string index, string path);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Another process trimmed the change log past the {Index} index held here; switching to the newer saved index (attempt {Attempt})")]
    public static partial void TrimmedLogSwap(ILogger logger, string index, int attempt);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Trimmed the change log through change {Sequence}")]
    public static partial void ChangeLogTrimmed(ILogger logger, long sequence);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "The vector index was not brought up to date: {Reason}")]
    public static partial void VectorIndexBehind(ILogger logger, string reason);
}
