using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Docent.Asking;

/// <summary>
/// The ask path's log events (ids 3000–3099, listed in docs/operations.md). Questions and answers are user content:
/// above Trace they appear only as a length and a <see cref="Fingerprint"/> (to match entries of one question);
/// their text is logged at Trace only. Source-generated (<see cref="LoggerMessageAttribute"/>); static and thread-safe.
/// </summary>
internal static partial class AskLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Debug,
        Message = "Question {QuestionHash} received ({QuestionLength} chars, conversation {ConversationId}, {HistoryTurns} earlier turns, top {Top})")]
    public static partial void Received(ILogger logger, string questionHash, int questionLength, string conversationId, int historyTurns, int top);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Trace, Message = "Question {QuestionHash} text: {Question}")]
    public static partial void QuestionText(ILogger logger, string questionHash, string question);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug,
        Message = "Question {QuestionHash} condensed to {StandaloneHash} ({StandaloneLength} chars, rewritten: {Rewritten}) in {ElapsedMs} ms")]
    public static partial void Condensed(ILogger logger, string questionHash, string standaloneHash, int standaloneLength, bool rewritten, long elapsedMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Trace, Message = "Question {QuestionHash} standalone text: {StandaloneQuestion}")]
    public static partial void StandaloneText(ILogger logger, string questionHash, string standaloneQuestion);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Question {QuestionHash}: retrieved {Passages} passages in {ElapsedMs} ms")]
    public static partial void Retrieved(ILogger logger, string questionHash, int passages, long elapsedMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information,
        Message = "Question {QuestionHash} answered by {Model} with {Citations} citations in {ElapsedMs} ms (condense {CondenseMs} ms, retrieve {RetrieveMs} ms, answer {AnswerMs} ms)")]
    public static partial void Answered(ILogger logger, string questionHash, string model, int citations, long elapsedMs, long condenseMs, long retrieveMs, long answerMs);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "Question {QuestionHash}: not found in the documents by {Model} in {ElapsedMs} ms ({Passages} passages read)")]
    public static partial void NotFound(ILogger logger, string questionHash, string model, long elapsedMs, int passages);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information,
        Message = "Question {QuestionHash}: the grounding check found {Unsupported} unsupported sentences and dropped {Dropped} of them")]
    public static partial void GroundingDropped(ILogger logger, string questionHash, int unsupported, int dropped);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Trace, Message = "Question {QuestionHash} answer text: {Answer}")]
    public static partial void AnswerText(ILogger logger, string questionHash, string answer);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug,
        Message = "Question {QuestionHash} answered from the answer cache in {ElapsedMs} ms (computed in {OriginalMs} ms)")]
    public static partial void CacheHit(ILogger logger, string questionHash, double elapsedMs, long originalMs);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error,
        Message = "Could not write the audit log {Path}; the answer was given, its record is lost")]
    public static partial void AuditWriteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Audit log {Path} reached {Bytes} bytes and was rotated (keeping {KeepFiles} earlier files)")]
    public static partial void AuditRotated(ILogger logger, string path, long bytes, int keepFiles);

    /// <summary>
    /// A short stable fingerprint of user text (the first 12 hex digits of its SHA-256), so log entries of one question
    /// can be matched without the text itself appearing.
    /// </summary>
    public static string Fingerprint(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
