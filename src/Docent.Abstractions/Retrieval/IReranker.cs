namespace Docent.Retrieval;

/// <summary>
/// Re-scores retrieved chunks against the query with a stronger (slower) model, such as a cross-encoder,
/// and keeps the best. Thread-safe.
/// </summary>
public interface IReranker
{
    /// <summary>
    /// The best <see cref="RerankOptions.Top"/> of <paramref name="candidates"/> for <paramref name="query"/>, best
    /// first, each with the reranker's score and a new 1-based rank.
    /// </summary>
    Task<IReadOnlyList<RetrievedChunk>> RerankAsync(
        string query,
        IReadOnlyList<RetrievedChunk> candidates,
        RerankOptions? options = null,
        CancellationToken cancellationToken = default);
}
