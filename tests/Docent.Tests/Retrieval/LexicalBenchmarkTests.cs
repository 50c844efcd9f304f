using Docent.Benchmarks.Lexical;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Retrieval;

/// <summary>`docent bench lexical`' harness: the synthetic Zipf corpus, a tiny run of both engines, the overlap and a missing SciFact folder.</summary>
public sealed class LexicalBenchmarkTests
{
    [Fact]
    public void Zipf_corpus_is_the_same_for_a_seed_and_differs_for_another()
    {
        var first = new ZipfCorpus(7, vocabulary: 20_000);
        var again = new ZipfCorpus(7, vocabulary: 20_000);
        var other = new ZipfCorpus(8, vocabulary: 20_000);

        Assert.Equal(first.Documents(20), again.Documents(20));
        Assert.Equal(first.Queries(20), again.Queries(20));
        Assert.NotEqual(first.Documents(20), other.Documents(20));
        Assert.NotEqual(first.Queries(20), other.Queries(20));
    }

    [Fact]
    public void Zipf_corpus_has_the_documented_shape()
    {
        var corpus = new ZipfCorpus(42, vocabulary: 50_000);
        var documents = corpus.Documents(300);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var words = document.Split(' ');
            Assert.InRange(words.Length, ZipfCorpus.MinWords, ZipfCorpus.MaxWords);
            foreach (var word in words)
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        // Zipf with s = 1: the top word is about twice as frequent as the second and ten times the tenth.
        int top = counts.GetValueOrDefault(ZipfCorpus.Word(0));
        Assert.InRange((double)top / counts.GetValueOrDefault(ZipfCorpus.Word(1)), 1.6, 2.5);
        Assert.InRange((double)top / counts.GetValueOrDefault(ZipfCorpus.Word(9)), 7.0, 14.0);
        Assert.Equal(ZipfCorpus.Word(0), counts.MaxBy(c => c.Value).Key);

        var frequent = Enumerable.Range(0, ZipfCorpus.SkippedTopWords).Select(ZipfCorpus.Word).ToHashSet(StringComparer.Ordinal);
        foreach (var query in corpus.Queries(200))
        {
            var words = query.Split(' ');
            Assert.InRange(words.Length, 2, 4);
            Assert.Equal(words.Length, words.Distinct(StringComparer.Ordinal).Count());
            Assert.DoesNotContain(words, frequent.Contains);
        }
    }

    [Fact]
    public void Pseudo_words_are_distinct_and_made_of_syllables()
    {
        var words = Enumerable.Range(0, 200_000).Select(ZipfCorpus.Word).ToList();
        Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("baba", ZipfCorpus.Word(0));
        Assert.All(words.Take(5000), w => Assert.Matches("^([bdfgklmnprstvz][aou]){2,}$", w));
    }

    [Fact]
    public void A_tiny_run_measures_both_engines()
    {
        var result = LexicalIndexBenchmark.Run(new LexicalBenchmarkOptions { Documents = 500, Queries = 20, Rounds = 1, Vocabulary = 20_000 });

        Assert.Equal("zipf", result.Corpus);
        Assert.Equal(500, result.Documents);
        Assert.Equal(20, result.Queries);
        Assert.InRange(result.OverlapAt10, 0.0, 1.0);
        foreach (var engine in new[] { result.Docent, result.Lucene })
        {
            Assert.True(engine.QueriesPerSecond.Median > 0, engine.Engine);
            Assert.True(engine.P99Milliseconds.Median >= engine.P50Milliseconds.Median, engine.Engine);
            Assert.True(engine.DiskBytes > 0, engine.Engine);
            Assert.True(engine.BuildSeconds > 0, engine.Engine);
        }

        Assert.Equal(["docent", "lucene"], new[] { result.Docent.Engine, result.Lucene.Engine });
    }

    [Fact]
    public void Overlap_counts_shared_keys_of_the_longer_list_and_skips_empty_pairs()
    {
        long[][] docent = [[1, 2, 3, 4], [], [5]];
        long[][] lucene = [[2, 1, 9, 8], [], [6, 7]];

        Assert.Equal(((2.0 / 4) + 0.0) / 2, LexicalIndexBenchmark.Overlap(docent, lucene), 10);
    }

    [Fact]
    public void A_scifact_folder_without_its_files_is_named_in_the_error()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<FileNotFoundException>(() => LexicalIndexBenchmark.Run(new LexicalBenchmarkOptions { SciFactDirectory = temp.Path }));

        Assert.Contains(temp.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("corpus.jsonl", error.Message, StringComparison.Ordinal);
    }
}
