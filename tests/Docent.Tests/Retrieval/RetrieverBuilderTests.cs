using System.Diagnostics;
using Docent.Diagnostics;
using Docent.Retrieval;
using Docent.Tests.Models;

namespace Docent.Tests.Retrieval;

public sealed class RetrieverBuilderTests
{
    private static readonly IReadOnlyList<RetrievedChunk> Hits =
        [OnnxCrossEncoderRerankerTests.Candidate("first", 0, 2), OnnxCrossEncoderRerankerTests.Candidate("second", 1, 1)];

    [Fact]
    public async Task TheFirstDecoratorAddedIsTheOutermost()
    {
        var trace = new List<string>();
        var inner = new RecordingRetriever(trace, Hits);
        var retriever = inner.AsBuilder()
            .Use(next => new TracingRetriever(next, "outer", trace))
            .Use(next => new TracingRetriever(next, "middle", trace))
            .Build();

        var result = await retriever.RetrieveAsync("q");

        Assert.Equal(["outer", "middle", "inner"], trace);
        Assert.Same(Hits, result);
        var outer = Assert.IsType<TracingRetriever>(retriever);
        Assert.Same(inner, Assert.IsType<TracingRetriever>(outer.InnerRetriever).InnerRetriever);
    }

    [Fact]
    public async Task IndexRefreshRunsBeforeTheSearchAndPassesTheCallersToken()
    {
        var trace = new List<string>();
        using var cancellation = new CancellationTokenSource();
        CancellationToken seen = default;
        var retriever = new RecordingRetriever(trace, Hits).AsBuilder()
            .UseIndexRefresh(token =>
            {
                seen = token;
                trace.Add("refresh");
                return Task.CompletedTask;
            })
            .Build();

        await retriever.RetrieveAsync("q", cancellationToken: cancellation.Token);

        Assert.Equal(["refresh", "inner"], trace);
        Assert.Equal(cancellation.Token, seen);
    }

    [Fact]
    public async Task RerankingWrapsTheRetrieverItIsAddedAbove()
    {
        var trace = new List<string>();
        var reranker = new ReversingReranker();
        var retriever = new RecordingRetriever(trace, Hits).AsBuilder().UseReranking(reranker, candidateCount: 7).Build();

        var result = await retriever.RetrieveAsync("q", new RetrievalOptions { Top = 2 });

        Assert.Equal(7, Assert.IsType<RerankingRetriever>(retriever).CandidateCount);
        Assert.Equal(["doc1:0", "doc0:0"], result.Select(r => r.Chunk.Id));
    }

    [Fact]
    public void FeedbackNeedsARetrieverThatSearchesByWeightedTerms()
    {
        var builder = new RecordingRetriever([], Hits).AsBuilder().UseFeedback(new FakeAnalyzer());

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains(nameof(RecordingRetriever), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TelemetryRecordsARetrieveActivityWithTheResultCount()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DocentTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (activities)
                {
                    activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var retriever = new RecordingRetriever([], Hits).AsBuilder().UseTelemetry().Build();

        await retriever.RetrieveAsync("q");

        Activity retrieve;
        lock (activities)
        {
            retrieve = Assert.Single(activities, a => a.OperationName == "retrieve");
        }

        Assert.Equal(2, retrieve.GetTagItem("docent.retrieve.results"));
    }

    private sealed class RecordingRetriever(List<string> trace, IReadOnlyList<RetrievedChunk> hits) : IRetriever
    {
        public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
        {
            trace.Add("inner");
            return Task.FromResult(hits);
        }
    }

    private sealed class TracingRetriever(IRetriever inner, string name, List<string> trace) : DelegatingRetriever(inner)
    {
        public override Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
        {
            trace.Add(name);
            return base.RetrieveAsync(query, options, cancellationToken);
        }
    }

    private sealed class ReversingReranker : IReranker
    {
        public Task<IReadOnlyList<RetrievedChunk>> RerankAsync(
            string query, IReadOnlyList<RetrievedChunk> candidates, RerankOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RetrievedChunk>>(candidates.Reverse().Take(options?.Top ?? 10).Select((c, i) => c with { Rank = i + 1 }).ToList());
    }
}
