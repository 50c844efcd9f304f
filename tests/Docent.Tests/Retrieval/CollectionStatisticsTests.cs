using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Retrieval;

/// <summary>
/// A collection split over several segmented indexes and searched with the sum of their statistics ranks exactly as the
/// same chunks in one index — keys, order and scores to the bit — through spills, deletions and re-searches with each
/// shard's own statistics in between (which must not disturb the norms a collection-wide search uses).
/// </summary>
public sealed class CollectionStatisticsTests
{
    [Theory]
    [InlineData(11, 3)]
    [InlineData(12, 5)]
    public void ShardsSearchedWithSummedStatisticsRankAsOneIndex(int seed, int shardCount)
    {
        using var dir = new TempDirectory();
        var analyzer = new FakeAnalyzer();
        using var whole = new SegmentedLexicalIndex(analyzer, Path.Combine(dir.Path, "whole")) { SpillPostings = 3_000 };
        var shards = Enumerable.Range(0, shardCount)
            .Select(i => new SegmentedLexicalIndex(analyzer, Path.Combine(dir.Path, $"shard-{i}")) { SpillPostings = 1_000 })
            .ToArray();
        var routed = new RoutedIndexes(whole, shards);
        var corpus = new RandomCorpus(seed, vocabulary: 200);
        for (int i = 0; i < 500; i++)
        {
            corpus.AddNew(routed);
        }

        AssertSameRanking(whole, shards, corpus.Queries(30), analyzer);
        corpus.Churn(routed, 150);
        AssertSameRanking(whole, shards, corpus.Queries(30), analyzer);

        foreach (var shard in shards)
        {
            shard.Dispose();
        }
    }

    [Fact]
    public void StatisticsMissingAQueryTermAreRefused()
    {
        using var dir = new TempDirectory();
        using var index = new SegmentedLexicalIndex(new FakeAnalyzer(), dir.Path);
        index.Upsert(new LexicalDocument(1, "t", "", "alpha beta"));
        var statistics = new LexicalStatistics(1, 1, 0, 2, new Dictionary<string, long> { ["alpha"] = 1 });
        var error = Assert.Throws<ArgumentException>(() => index.Search("alpha beta", new LexicalSearchOptions { Statistics = statistics }));
        Assert.Contains("beta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheInMemoryIndexRefusesOutsideStatisticsRatherThanIgnoringThem()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        index.Upsert(new LexicalDocument(1, "t", "", "alpha"));
        var statistics = new LexicalStatistics(10, 10, 0, 10, new Dictionary<string, long> { ["alpha"] = 1 });
        Assert.Throws<NotSupportedException>(() => index.Search("alpha", new LexicalSearchOptions { Statistics = statistics }));
    }

    private static void AssertSameRanking(SegmentedLexicalIndex whole, SegmentedLexicalIndex[] shards, IEnumerable<string> queries, FakeAnalyzer analyzer)
    {
        var languages = LexicalQuery.CandidateLanguages(whole.LanguageCounts);
        foreach (string query in queries)
        {
            var terms = LexicalQuery.Analyze(analyzer, query, languages);
            var names = terms.Select(t => t.Term).ToArray();
            var statistics = LexicalStatistics.Sum(shards.Select(s => s.GetStatistics(names)));
            Assert.Equal(whole.GetStatistics(names), statistics, StatisticsComparer.Instance);
            foreach (int top in new[] { 1, 10, 50 })
            {
                var expected = whole.Search(terms, new LexicalSearchOptions { Top = top });

                // Each shard's own-statistics search in between recomputes its norms; the collection-wide one must not see them.
                _ = shards[0].Search(terms, new LexicalSearchOptions { Top = top });
                var merged = shards
                    .SelectMany(s => s.Search(terms, new LexicalSearchOptions { Top = top, Statistics = statistics }))
                    .OrderByDescending(h => h.Score).ThenBy(h => h.Key)
                    .Take(top)
                    .ToList();
                Assert.True(expected.SequenceEqual(merged), $"'{query}' top {top}: expected [{string.Join(", ", expected.Take(4))}], got [{string.Join(", ", merged.Take(4))}]");
            }
        }
    }

    /// <summary>Sends each chunk to the whole index and to the shard its key routes to.</summary>
    private sealed class RoutedIndexes(SegmentedLexicalIndex whole, SegmentedLexicalIndex[] shards) : ILexicalIndex
    {
        public int Count => whole.Count;

        private SegmentedLexicalIndex ShardOf(long key) => shards[(int)((ulong)key % (ulong)shards.Length)];

        public void Upsert(LexicalDocument document)
        {
            whole.Upsert(document);
            whole.SpillIfLarge();
            ShardOf(document.Key).Upsert(document);
            ShardOf(document.Key).SpillIfLarge();
        }

        public bool Remove(long key)
        {
            bool removed = whole.Remove(key);
            Assert.Equal(removed, ShardOf(key).Remove(key));
            return removed;
        }

        public Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Compares statistics by value, term frequencies included.</summary>
    private sealed class StatisticsComparer : IEqualityComparer<LexicalStatistics>
    {
        public static readonly StatisticsComparer Instance = new();

        public bool Equals(LexicalStatistics? x, LexicalStatistics? y) =>
            x is not null && y is not null
            && x.DocumentCount == y.DocumentCount && x.TitleLength == y.TitleLength && x.HeadingsLength == y.HeadingsLength && x.BodyLength == y.BodyLength
            && x.DocumentFrequencies.Count == y.DocumentFrequencies.Count
            && x.DocumentFrequencies.All(p => y.DocumentFrequencies.TryGetValue(p.Key, out long v) && v == p.Value);

        public int GetHashCode(LexicalStatistics obj) => obj.DocumentCount.GetHashCode();
    }
}
