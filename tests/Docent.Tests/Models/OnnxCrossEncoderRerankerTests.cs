using Docent.Chunking;
using Docent.Models.Onnx;
using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Tests.Models;

public sealed class OnnxCrossEncoderRerankerTests
{
    private const string Query = "where is the hotel policy?";

    private static readonly string[] Passages =
    [
        "The hotel limit is 160 per night.",
        "Cats and dogs sleep in the house.",
        "Book all flights and trains through the travel portal at least fourteen days before departure.",
        "hello",
        "",
        "The quick brown fox jumps over the lazy dog; the lazy dog does not run.",
    ];

    [Fact]
    public async Task LogitsMatchThePlainReferenceForwardPass()
    {
        var reference = new ReferenceBert(OnnxEmbeddingGeneratorTests.CrossEncoderFolder);
        using var reranker = Create(batchSize: 4);

        var scores = await reranker.ScoreAsync(Query, Passages);

        for (var i = 0; i < Passages.Length; i++)
        {
            var pair = reranker.Tokenizer.EncodePair(Query, Passages[i], reranker.MaxSequenceLength);
            var expected = reference.Logit(pair.InputIds.ToArray(), pair.TokenTypeIds.ToArray());
            Assert.True(Math.Abs(expected - scores[i]) < 1e-4, $"passage {i}: expected {expected}, got {scores[i]}");
        }

        Assert.True(scores.Max() - scores.Min() > 1e-3, "the random model should tell the passages apart");
    }

    [Fact]
    public async Task BatchingGivesTheSameScoresAsOneByOne()
    {
        using var batched = Create(batchSize: 4);
        using var single = Create(batchSize: 1);

        var together = await batched.ScoreAsync(Query, Passages);
        for (var i = 0; i < Passages.Length; i++)
        {
            var alone = await single.ScoreAsync(Query, [Passages[i]]);
            Assert.True(Math.Abs(alone[0] - together[i]) < 1e-5, $"passage {i}: {alone[0]} vs {together[i]}");
        }
    }

    [Fact]
    public async Task RerankOrdersByLogitAndRenumbersRanks()
    {
        using var reranker = Create(batchSize: 4);
        var candidates = Passages.Select((text, i) => Candidate(text, i, score: 100 - i)).ToList();
        var scores = await reranker.ScoreAsync(Query, Passages);

        var top = await reranker.RerankAsync(Query, candidates, new RerankOptions { Top = 3 });

        var expectedOrder = Enumerable.Range(0, Passages.Length).OrderByDescending(i => scores[i]).Take(3).ToArray();
        Assert.Equal(expectedOrder.Select(i => candidates[i].Chunk.Id), top.Select(r => r.Chunk.Id));
        Assert.Equal([1, 2, 3], top.Select(r => r.Rank));
        Assert.Equal(expectedOrder.Select(i => (double)scores[i]), top.Select(r => r.Score));
        Assert.Same(candidates[expectedOrder[0]].Document, top[0].Document);
    }

    [Fact]
    public async Task RerankWithoutOptionsKeepsTheDefaultTop_AndRejectsATopBelowOne()
    {
        using var reranker = Create(batchSize: 4);
        var candidates = Enumerable.Range(0, 12).Select(i => Candidate(Passages[i % Passages.Length], i, score: 100 - i)).ToList();

        var kept = await reranker.RerankAsync(Query, candidates);

        Assert.Equal(new RerankOptions().Top, kept.Count);
        Assert.Equal(Enumerable.Range(1, kept.Count), kept.Select(r => r.Rank));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reranker.RerankAsync(Query, candidates, new RerankOptions { Top = 0 }));
    }

    [Fact]
    public async Task LongPairsAreTruncatedToTheModelsLimit()
    {
        using var reranker = Create(batchSize: 2);
        var longPassage = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 30));

        var scores = await reranker.ScoreAsync(Query, [longPassage]);
        var pair = reranker.Tokenizer.EncodePair(Query, longPassage, reranker.MaxSequenceLength);

        Assert.Equal(64, reranker.MaxSequenceLength);
        Assert.Equal(64, pair.Length);
        Assert.True(pair.Truncated);
        Assert.True(float.IsFinite(scores[0]));
    }

    [Fact]
    public void AnEmbeddingModelIsNotAcceptedAsACrossEncoder()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            new OnnxCrossEncoderReranker(new OnnxCrossEncoderOptions { ModelDirectory = OnnxEmbeddingGeneratorTests.EncoderFolder }));

        Assert.Contains("logits", error.Message, StringComparison.Ordinal);
        Assert.Contains("last_hidden_state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModelFileIsNamed()
    {
        using var temp = new TestSupport.TempDirectory();
        File.Copy(Path.Combine(OnnxEmbeddingGeneratorTests.CrossEncoderFolder, "tokenizer.json"), Path.Combine(temp.Path, "tokenizer.json"));

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxCrossEncoderReranker(new OnnxCrossEncoderOptions { ModelDirectory = temp.Path }));

        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
    }

    internal static RetrievedChunk Candidate(string text, int ordinal, double score)
    {
        var document = new DocumentRecord($"doc{ordinal}", $"/docs/{ordinal}.md", $"Doc {ordinal}", "markdown", "hash", text.Length, 1, DateTimeOffset.UnixEpoch, []);
        var chunk = new Chunk(Chunk.MakeId(document.Id, 0), document.Id, 0, text, [], null, new TextSpan(0, text.Length), 10);
        return new RetrievedChunk(chunk, document, score, ordinal + 1);
    }

    private static OnnxCrossEncoderReranker Create(int batchSize) =>
        new(new OnnxCrossEncoderOptions { ModelDirectory = OnnxEmbeddingGeneratorTests.CrossEncoderFolder, BatchSize = batchSize, IntraOpThreads = 1 });
}
