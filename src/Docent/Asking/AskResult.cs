using Docent.Answering;

namespace Docent.Asking;

/// <summary>
/// The outcome of one question: the checked answer, what retrieval searched for, the conversation turn it was
/// stored as, stage timings, and whether it came from the answer cache. Immutable.
/// </summary>
/// <param name="Answer">The final answer (grounding checked).</param>
/// <param name="StandaloneQuestion">The question as retrieval saw it (rewritten in a conversation).</param>
/// <param name="ConversationId">The conversation, or null for a one-off question.</param>
/// <param name="Turn">The turn's 1-based number in the conversation, or null.</param>
/// <param name="Condense">Time spent rewriting the follow-up.</param>
/// <param name="Retrieve">Time spent retrieving.</param>
/// <param name="Compose">Time spent answering and checking.</param>
public sealed record AskResult(
    Answer Answer, string StandaloneQuestion, string? ConversationId, int? Turn, TimeSpan Condense, TimeSpan Retrieve, TimeSpan Compose)
{
    /// <summary>
    /// Whether the result was served from an answer cache (<see cref="CachingAskPipeline"/>) rather than computed for this
    /// question; the stage timings are then the original answer's.
    /// </summary>
    public bool Cached { get; init; }
}
