using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>
/// The decorator over a hybrid retriever, with a deterministic reranker in place of a cross-encoder model: it
/// scores each candidate by how many of the query's words its text holds, the first-stage score breaking ties.
/// </summary>
public sealed class RerankingRetrieverConformanceTests : RetrieverConformanceTests
{
    protected override bool RanksByMeaning => true;

    internal override IRetriever Create(RetrievalCorpus corpus) => new RerankingRetriever(
        new HybridRetriever(new LexicalRetriever(corpus.Lexical, corpus.Store), new VectorRetriever(corpus.Vectors, corpus.Embedder, corpus.Store)),
        new WordOverlapReranker(),
        candidateCount: 4);

    private sealed class WordOverlapReranker : IReranker
    {
        public Task<IReadOnlyList<RetrievedChunk>> RerankAsync(
            string query, IReadOnlyList<RetrievedChunk> candidates, RerankOptions? options = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var words = query.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            IReadOnlyList<RetrievedChunk> ranked =
            [
                .. candidates
                    .Select(c => c with { Score = words.Count(w => c.Chunk.Text.Contains(w, StringComparison.OrdinalIgnoreCase)) + (c.Score / 1000) })
                    .OrderByDescending(c => c.Score)
                    .Take(options?.Top ?? new RerankOptions().Top)
                    .Select((c, i) => c with { Rank = i + 1 }),
            ];
            return Task.FromResult(ranked);
        }
    }
}
