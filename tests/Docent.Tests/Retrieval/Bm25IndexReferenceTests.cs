using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>The fast query path against the plain reference scorer and against a freshly built index.</summary>
public sealed class Bm25IndexReferenceTests
{
    private const int Top = 20;

    private readonly Bm25ReferenceScorer _reference = new(new FakeAnalyzer());

    private void AssertMatchesReference(Bm25Index index, RandomCorpus corpus, string query)
    {
        var hits = index.Search(query, new() { Top = Top });
        var reference = _reference.Scores(corpus.Documents.Values, query);
        var expected = reference.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(Top).ToList();

        Assert.Equal(expected.Count, hits.Count);
        for (int i = 0; i < hits.Count; i++)
        {
            // Same score at each rank, and each returned key really has that score (keys may swap only on exact ties).
            Assert.Equal(expected[i].Value, hits[i].Score, 1e-9);
            Assert.True(reference.TryGetValue(hits[i].Key, out double score), $"Key {hits[i].Key} has no reference score.");
            Assert.Equal(score, hits[i].Score, 1e-9);
        }
    }

    [Fact]
    public void FastPathEqualsReferenceThroughUpdatesAndCompaction()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        var corpus = new RandomCorpus(seed: 20240601);
        for (int i = 0; i < 2000; i++)
        {
            corpus.AddNew(index);
        }

        var queries = corpus.Queries(200);
        int nonEmpty = 0;
        foreach (string query in queries)
        {
            AssertMatchesReference(index, corpus, query);
            nonEmpty += index.Search(query, new() { Top = 1 }).Count;
        }

        Assert.True(nonEmpty > 150, "Most random queries should match something.");

        bool sawTombstones = false;
        for (int round = 0; round < 8; round++)
        {
            corpus.Churn(index, 250);
            sawTombstones |= index.DeadCount > 0;
            Assert.Equal(corpus.Documents.Count, index.Count);
            foreach (string query in queries.Skip(round * 25).Take(25))
            {
                AssertMatchesReference(index, corpus, query);
            }
        }

        Assert.True(sawTombstones, "Some rounds should query with tombstoned chunks present.");
        Assert.True(index.Compactions > 0, "The churn should trigger compaction.");
    }

    [Fact]
    public void ScoresDoNotDependOnUpdateHistory()
    {
        using var churned = new Bm25Index(new FakeAnalyzer());
        var corpus = new RandomCorpus(seed: 77);
        for (int i = 0; i < 600; i++)
        {
            corpus.AddNew(churned);
        }

        corpus.Churn(churned, 900);

        using var fresh = new Bm25Index(new FakeAnalyzer());
        foreach (var document in corpus.Documents.Values.OrderBy(d => d.Key))
        {
            fresh.Upsert(document);
        }

        Assert.Equal(fresh.Count, churned.Count);
        foreach (string query in corpus.Queries(100))
        {
            var expected = fresh.Search(query, new() { Top = Top });
            var actual = churned.Search(query, new() { Top = Top });
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Key, actual[i].Key);
                Assert.Equal(expected[i].Score, actual[i].Score, 1e-9);
            }
        }
    }

    [Fact]
    public void ConcurrentSearchesAgreeWithSequentialOnes()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        var corpus = new RandomCorpus(seed: 5);
        for (int i = 0; i < 2000; i++)
        {
            corpus.AddNew(index);
        }

        var queries = corpus.Queries(200);

        // The last write leaves the length norms stale, so the concurrent searches race to rebuild them.
        corpus.AddNew(index);
        const int threads = 8;
        var results = new IReadOnlyList<ScoredKey>[threads][];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var mine = new IReadOnlyList<ScoredKey>[queries.Count];
            start.SignalAndWait();
            for (int i = 0; i < queries.Count; i++)
            {
                int q = (i + (t * 25)) % queries.Count;
                mine[q] = index.Search(queries[q], new() { Top = Top });
            }

            results[t] = mine;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        for (int q = 0; q < queries.Count; q++)
        {
            var sequential = index.Search(queries[q], new() { Top = Top });
            for (int t = 0; t < threads; t++)
            {
                Assert.Equal(sequential, results[t][q]);
            }
        }

        AssertMatchesReference(index, corpus, queries[0]);
    }
}
