using Docent.Retrieval;
using Docent.Tests.Models;

namespace Docent.Tests.Retrieval;

public sealed class RerankingRetrieverTests
{
    [Fact]
    public async Task AsksForCandidateCountAndReturnsTheRerankersTop()
    {
        var candidates = Enumerable.Range(0, 20).Select(i => OnnxCrossEncoderRerankerTests.Candidate($"text {i}", i, 20 - i)).ToList();
        var inner = new DelegateRetriever((_, options) => candidates.Take(options.Top).ToList());
        IReadOnlyList<RetrievedChunk>? seen = null;
        var reranker = new DelegateReranker((query, list, top) =>
        {
            seen = list;
            Assert.Equal("q", query);
            return list.Reverse().Take(top).Select((c, i) => c with { Score = i * -1.0, Rank = i + 1 }).ToList();
        });
        var retriever = new RerankingRetriever(inner, reranker, candidateCount: 15);

        var result = await retriever.RetrieveAsync("q", new RetrievalOptions { Top = 3 });

        Assert.Equal([15], inner.RequestedTops);
        Assert.Equal(15, seen!.Count);
        Assert.Equal(["doc14:0", "doc13:0", "doc12:0"], result.Select(r => r.Chunk.Id));
        Assert.Equal([1, 2, 3], result.Select(r => r.Rank));
    }

    [Fact]
    public async Task AsksForAtLeastTheRequestedTop()
    {
        var inner = new DelegateRetriever((_, _) => []);
        var retriever = new RerankingRetriever(inner, new DelegateReranker((_, list, _) => list), candidateCount: 5);

        await retriever.RetrieveAsync("q", new RetrievalOptions { Top = 12 });

        Assert.Equal([12], inner.RequestedTops);
    }

    [Fact]
    public async Task NoCandidatesSkipsTheReranker()
    {
        var called = false;
        var retriever = new RerankingRetriever(
            new DelegateRetriever((_, _) => []),
            new DelegateReranker((_, list, _) =>
            {
                called = true;
                return list;
            }));

        var result = await retriever.RetrieveAsync("q");

        Assert.Empty(result);
        Assert.False(called);
        Assert.Equal(RerankingRetriever.DefaultCandidateCount, retriever.CandidateCount);
    }

    [Fact]
    public void CandidateCountIsValidated()
    {
        var inner = new DelegateRetriever((_, _) => []);
        var reranker = new DelegateReranker((_, list, _) => list);

        Assert.Throws<ArgumentOutOfRangeException>(() => new RerankingRetriever(inner, reranker, 0));
    }

    private sealed class DelegateRetriever(Func<string, RetrievalOptions, IReadOnlyList<RetrievedChunk>> retrieve) : IRetriever
    {
        public List<int> RequestedTops { get; } = [];

        public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new RetrievalOptions();
            RequestedTops.Add(options.Top);
            return Task.FromResult(retrieve(query, options));
        }
    }

    private sealed class DelegateReranker(Func<string, IReadOnlyList<RetrievedChunk>, int, IReadOnlyList<RetrievedChunk>> rerank) : IReranker
    {
        public Task<IReadOnlyList<RetrievedChunk>> RerankAsync(
            string query, IReadOnlyList<RetrievedChunk> candidates, RerankOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(rerank(query, candidates, (options ?? new RerankOptions()).Top));
    }
}
