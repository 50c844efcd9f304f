namespace Docent.Feedback;

/// <summary>
/// A reader's verdict on one answer: thumbs up or down (<see cref="Up"/>), with the question, the answer, whether the
/// documents answered it (<see cref="Found"/>), the conversation and turn it came from (when known), an optional comment and
/// the caller's name. Immutable.
/// </summary>
public sealed record FeedbackRecord(
    DateTimeOffset Time, bool Up, string Question, string Answer, bool Found, string? ConversationId = null, int? Turn = null,
    string? Comment = null, string? Caller = null);
