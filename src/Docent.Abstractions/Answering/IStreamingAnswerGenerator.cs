using Docent.Retrieval;

namespace Docent.Answering;

/// <summary>
/// An answer generator that can stream: it yields the model's text as it arrives, then one final update with
/// the checked <see cref="Answer"/>. Implementations put <c>[EnumeratorCancellation]</c> on the token of their
/// iterator, so a token given to <c>WithCancellation</c> reaches the model call. Thread-safe.
/// </summary>
public interface IStreamingAnswerGenerator : IAnswerGenerator
{
    /// <summary>
    /// Answers <paramref name="question"/> from <paramref name="context"/> (best chunk first), streaming. Every
    /// update but the last carries a <see cref="AnswerUpdate.Delta"/> of the model's raw text; the last carries
    /// the <see cref="AnswerUpdate.Answer"/> after the grounding check, whose text may differ from the deltas
    /// (invalid citation markers removed, unsupported sentences dropped when asked, or the not-found text).
    /// </summary>
    IAsyncEnumerable<AnswerUpdate> GenerateStreamingAsync(
        string question,
        IReadOnlyList<RetrievedChunk> context,
        AnswerOptions? options = null,
        CancellationToken cancellationToken = default);
}
