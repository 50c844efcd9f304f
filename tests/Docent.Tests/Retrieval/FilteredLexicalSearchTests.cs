using Docent.Retrieval;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Retrieval;

/// <summary>
/// A search that leaves some chunks out (a caller's access filter) ranks exactly as an index that never held them — keys,
/// order and scores to the bit — through spills, deletions and additions made while the same filter stays in use (its
/// cached figures must follow every write).
/// </summary>
public sealed class FilteredLexicalSearchTests
{
    private static readonly Func<long, bool> Readable = key => key % 3 != 0;

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void AFilteredSearchRanksAsAnIndexWithoutTheLeftOutChunks(int seed)
    {
        using var dir = new TempDirectory();
        var analyzer = new FakeAnalyzer();
        using var all = new SegmentedLexicalIndex(analyzer, Path.Combine(dir.Path, "all")) { SpillPostings = 2_000 };
        using var readable = new SegmentedLexicalIndex(analyzer, Path.Combine(dir.Path, "readable")) { SpillPostings = 1_500 };
        var both = new SplitIndexes(all, readable);
        var corpus = new RandomCorpus(seed, vocabulary: 150);
        for (int i = 0; i < 400; i++)
        {
            corpus.AddNew(both);
        }

        AssertSameRanking(all, readable, corpus.Queries(30));
        corpus.Churn(both, 120);
        AssertSameRanking(all, readable, corpus.Queries(30));
        corpus.AddNew(both);
        AssertSameRanking(all, readable, corpus.Queries(30));
    }

    [Fact]
    public void TheInMemoryIndexRefusesAFilterRatherThanIgnoringIt()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        index.Upsert(new LexicalDocument(1, "t", "", "alpha"));
        Assert.Throws<NotSupportedException>(() => index.Search("alpha", new LexicalSearchOptions { Filter = Readable }));
    }

    private static void AssertSameRanking(SegmentedLexicalIndex all, SegmentedLexicalIndex readable, List<string> queries)
    {
        foreach (var query in queries)
        {
            var filtered = all.Search(query, new LexicalSearchOptions { Top = 10, Filter = Readable });
            var expected = readable.Search(query, new LexicalSearchOptions { Top = 10 });
            Assert.Equal(expected.Select(h => (h.Key, h.Score)), filtered.Select(h => (h.Key, h.Score)));
        }
    }

    /// <summary>Writes every chunk to the whole index, and the readable ones also to the second.</summary>
    private sealed class SplitIndexes(SegmentedLexicalIndex all, SegmentedLexicalIndex readable) : ILexicalIndex
    {
        public int Count => all.Count;

        public void Upsert(LexicalDocument document)
        {
            all.Upsert(document);
            all.SpillIfLarge();
            if (Readable(document.Key))
            {
                readable.Upsert(document);
                readable.SpillIfLarge();
            }
        }

        public bool Remove(long key)
        {
            bool removed = all.Remove(key);
            if (Readable(key))
            {
                Assert.Equal(removed, readable.Remove(key));
            }

            return removed;
        }

        public Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
