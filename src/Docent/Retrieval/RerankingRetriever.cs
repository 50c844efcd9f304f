namespace Docent.Retrieval;

/// <summary>
/// A retriever decorator: asks the inner retriever for <see cref="CandidateCount"/> candidates (at least
/// the requested top), lets an <see cref="IReranker"/> re-score them, and returns the reranker's top with
/// its scores and new ranks. Thread-safe when the inner retriever and the reranker are.
/// </summary>
public sealed class RerankingRetriever : DelegatingRetriever
{
    /// <summary>Candidates fetched when none is given.</summary>
    public const int DefaultCandidateCount = 50;

    private readonly IReranker _reranker;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="candidateCount"/> is between 1 and 10000.</summary>
    public RerankingRetriever(IRetriever inner, IReranker reranker, int candidateCount = DefaultCandidateCount)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(reranker);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidateCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(candidateCount, 10_000);
        _reranker = reranker;
        CandidateCount = candidateCount;
    }

    /// <summary>How many candidates the inner retriever is asked for.</summary>
    public int CandidateCount { get; }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();
        var candidates = await InnerRetriever.RetrieveAsync(
            query, options.WithTop(Math.Max(CandidateCount, options.Top)), cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return candidates;
        }

        return await _reranker.RerankAsync(query, candidates, new RerankOptions { Top = options.Top }, cancellationToken).ConfigureAwait(false);
    }
}
