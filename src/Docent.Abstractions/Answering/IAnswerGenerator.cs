using Docent.Retrieval;

namespace Docent.Answering;

/// <summary>
/// Composes an answer from retrieved chunks: extractively (no model) or with an LLM. Never states what the
/// chunks do not support. Thread-safe.
/// </summary>
public interface IAnswerGenerator
{
    /// <summary>Answers <paramref name="question"/> from <paramref name="context"/> (best chunk first).</summary>
    Task<Answer> GenerateAsync(
        string question,
        IReadOnlyList<RetrievedChunk> context,
        AnswerOptions? options = null,
        CancellationToken cancellationToken = default);
}
