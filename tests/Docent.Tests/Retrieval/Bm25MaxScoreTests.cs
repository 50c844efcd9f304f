using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>The pruned (MaxScore) query path returns exactly what exhaustive scoring returns: keys, order and scores to the bit.</summary>
public sealed class Bm25MaxScoreTests
{
    private static readonly int[] Tops = [1, 10, 100];

    public static TheoryData<int, string> Cases => new()
    {
        { 1, "default" },
        { 2, "default" },
        { 3, "no title weight" },
        { 4, "k1 zero" },
        { 5, "full length normalisation" },
    };

    private static Bm25Options Options(string name) => name switch
    {
        "no title weight" => new Bm25Options { TitleWeight = 0 },
        "k1 zero" => new Bm25Options { K1 = 0 },
        "full length normalisation" => new Bm25Options { B = 1, HeadingsWeight = 0 },
        _ => new Bm25Options(),
    };

    private static void AssertSame(IReadOnlyList<ScoredKey> expected, IReadOnlyList<ScoredKey> actual, string query, int top)
    {
        // Exact: same keys in the same order with bit-identical scores.
        Assert.True(
            expected.SequenceEqual(actual),
            $"Query '{query}' top {top}: expected [{string.Join(", ", expected.Take(5))}...] ({expected.Count}), got [{string.Join(", ", actual.Take(5))}...] ({actual.Count}).");
    }

    private static void AssertPathsAgree(Bm25Index index, IEnumerable<string> queries)
    {
        foreach (string query in queries)
        {
            foreach (int top in Tops)
            {
                var exhaustive = index.Search(query, top, Bm25Index.SearchStrategy.Exhaustive);
                AssertSame(exhaustive, index.Search(query, top, Bm25Index.SearchStrategy.MaxScore), query, top);
                AssertSame(exhaustive, index.Search(query, new LexicalSearchOptions { Top = top }), query, top);
            }
        }
    }

    /// <summary>A corpus where about a third of the chunks copy an earlier chunk's text under a new key, so many scores tie.</summary>
    private static RandomCorpus BuildCorpus(Bm25Index index, int seed, int size)
    {
        var corpus = new RandomCorpus(seed, vocabulary: 300);
        var random = new Random(seed);
        for (int i = 0; i < size; i++)
        {
            if (i > 10 && random.NextDouble() < 0.35)
            {
                LexicalDocument original = corpus.Documents[corpus.AnyKey()];
                long key = random.NextInt64(long.MinValue, long.MaxValue);
                if (!corpus.Documents.ContainsKey(key))
                {
                    corpus.Put(index, original with { Key = key });
                }
            }
            else
            {
                corpus.AddNew(index);
            }
        }

        return corpus;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MaxScoreEqualsExhaustiveThroughDeletionsAndTies(int seed, string options)
    {
        using var index = new Bm25Index(new FakeAnalyzer(), Options(options));
        var corpus = BuildCorpus(index, seed, 1200);
        var queries = corpus.Queries(60);
        queries.Add("w0 w1 w2 w3 w4 w5");
        queries.Add("w299 w0 nosuchterm w298");
        AssertPathsAgree(index, queries);

        bool sawTombstones = false;
        for (int round = 0; round < 3; round++)
        {
            corpus.Churn(index, 150);
            sawTombstones |= index.DeadCount > 0;
            AssertPathsAgree(index, corpus.Queries(25));
        }

        Assert.True(sawTombstones, "Some rounds should query with tombstoned chunks present.");
    }

    [Fact]
    public void WeightedTermsWithRepeatsAndAbsentTermsAgree()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        var corpus = BuildCorpus(index, 7, 1000);
        corpus.Churn(index, 100);
        var random = new Random(7);
        for (int q = 0; q < 60; q++)
        {
            var terms = new List<WeightedTerm>();
            int count = random.Next(1, 7);
            for (int i = 0; i < count; i++)
            {
                string term = random.NextDouble() < 0.1 ? "absent" : corpus.Word();
                terms.Add(new WeightedTerm(term, Math.Round(random.NextDouble() * 2, 2)));
            }

            // A term repeated with another weight counts twice, once per entry, on both paths.
            terms.Add(terms[0] with { Weight = 0.3 });
            string label = string.Join(' ', terms.Select(t => $"{t.Term}:{t.Weight}"));
            foreach (int top in Tops)
            {
                var exhaustive = index.Search(terms, top, Bm25Index.SearchStrategy.Exhaustive);
                AssertSame(exhaustive, index.Search(terms, top, Bm25Index.SearchStrategy.MaxScore), label, top);
                AssertSame(exhaustive, index.Search(terms, new LexicalSearchOptions { Top = top }), label, top);
            }
        }
    }

    [Fact]
    public void IdenticalChunksTieAndRankTheLowerKeyFirst()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        for (long key = 40; key > 0; key--)
        {
            index.Upsert(new LexicalDocument(key, "", "", "alpha beta filler"));
        }

        index.Upsert(new LexicalDocument(100, "", "", "alpha beta alpha beta"));
        index.Remove(7);

        var hits = index.Search("alpha beta", 5, Bm25Index.SearchStrategy.MaxScore);
        Assert.Equal([100L, 1, 2, 3, 4], hits.Select(h => h.Key));
        Assert.Equal(hits[1].Score, hits[4].Score);
        Assert.Equal(index.Search("alpha beta", 5, Bm25Index.SearchStrategy.Exhaustive), hits);
    }

    [Fact]
    public void ChunksWhoseScoreEqualsTheBoundAndTheKthScoreStillWinOnALowerKey()
    {
        // Every chunk scores exactly its terms' bounds and the K-th score; later ordinals carry lower keys, so each must
        // still be scored to displace the heap's worst entry on the key.
        using var index = new Bm25Index(new FakeAnalyzer());
        for (long key = 60; key > 0; key--)
        {
            index.Upsert(new LexicalDocument(key, "", "", "alpha beta"));
        }

        index.Remove(3);

        var hits = index.Search("alpha beta", 5, Bm25Index.SearchStrategy.MaxScore);
        Assert.Equal([1L, 2, 4, 5, 6], hits.Select(h => h.Key));
        Assert.Equal(index.Search("alpha beta", 5, Bm25Index.SearchStrategy.Exhaustive), hits);
    }
}
