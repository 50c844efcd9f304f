using Docent.Benchmarks.Embeddings;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Models;

/// <summary>`docent bench embeddings`' harness: passages cut from real text, and the measurement over a fake model.</summary>
public sealed class EmbeddingBenchmarkTests
{
    [Fact]
    public void Passages_Are180Words_FromTextFilesAndBeirCorpusLines_ReusingTheTextWhenShort()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "a.md"), string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}")));
        File.WriteAllText(Path.Combine(temp.Path, "b.jsonl"), """{"_id":"1","title":"Title","text":"alpha beta"}""" + "\n");
        File.WriteAllText(Path.Combine(temp.Path, "skip.bin"), "not text");

        var passages = EmbeddingBenchmark.LoadPassages([temp.Path], 3);

        Assert.Equal(3, passages.Count);
        Assert.All(passages, p => Assert.Equal(EmbeddingBenchmark.WordsPerPassage, p.Split(' ').Length));
        Assert.StartsWith("w0 w1", passages[0], StringComparison.Ordinal);
        Assert.Contains("w99 Title alpha beta w0", passages[0], StringComparison.Ordinal);
        Assert.DoesNotContain("not", passages[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ACorpusWithoutText_IsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();

        var error = Assert.Throws<InvalidDataException>(() => EmbeddingBenchmark.LoadPassages([temp.Path], 2));

        Assert.Contains(temp.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Measurement_EmbedsEveryPassageInBatches_ThenTimesSingleQueries()
    {
        using var generator = new FakeEmbeddingGenerator(_ => [1f, 0f]);
        var passages = Enumerable.Range(0, 10).Select(i => $"passage {i}").ToList();

        var result = await EmbeddingBenchmark.MeasureAsync("fake", generator, passages, batchSize: 4, queryRounds: 7);

        Assert.Equal("fake", result.Model);
        Assert.True(result.ChunksPerSecond > 0);
        Assert.True(result.QueryP50Milliseconds <= result.QueryP95Milliseconds);
        Assert.Equal(1 + 3 + 5 + 7, generator.Calls); // warm-up batch, 3 timed batches, 5 warm-up queries, 7 timed
        Assert.Equal(0.5, EmbeddingBenchmark.Percentile([0.1, 0.5, 0.95], 0.5));
        Assert.Equal(0.95, EmbeddingBenchmark.Percentile([0.1, 0.5, 0.95], 0.95));
    }
}
