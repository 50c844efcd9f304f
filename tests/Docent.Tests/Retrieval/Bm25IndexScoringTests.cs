using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

public sealed class Bm25IndexScoringTests
{
    /// <summary>
    /// Four body-only chunks with the default options (k1 = 0.9, b = 0.4, body weight 1), which is plain BM25:
    ///   1: "apple banana apple"        length 3
    ///   2: "banana cherry"             length 2
    ///   3: "cherry cherry cherry date" length 4
    ///   4: "elder"                     length 1
    /// N = 4, avgdl = (3 + 2 + 4 + 1) / 4 = 2.5.
    /// </summary>
    private static Bm25Index HandExample()
    {
        // The arithmetic below uses k1 = 0.9, b = 0.4: pinned here, whatever the defaults become.
        var index = new Bm25Index(new FakeAnalyzer(), new Bm25Options { K1 = 0.9, B = 0.4 });
        index.Upsert(new LexicalDocument(1, "", "", "apple banana apple"));
        index.Upsert(new LexicalDocument(2, "", "", "banana cherry"));
        index.Upsert(new LexicalDocument(3, "", "", "cherry cherry cherry date"));
        index.Upsert(new LexicalDocument(4, "", "", "elder"));
        return index;
    }

    [Fact]
    public void SingleTermScoreMatchesHandComputedBm25()
    {
        using var index = HandExample();

        // apple: df = 1, idf = ln(1 + (4 - 1 + 0.5) / (1 + 0.5)) = ln(3.3333…) = 1.2039728043259361.
        // Chunk 1: tf = 2, length norm = 1 - 0.4 + 0.4 · 3 / 2.5 = 1.08, tf~ = 2 / 1.08 = 1.8518518518…,
        // saturation = tf~ · (0.9 + 1) / (0.9 + tf~) = 1.2786002691790042,
        // score = 1.2039728043259361 · 1.2786002691790042 = 1.5393999516953425.
        var hits = index.Search("apple", new() { Top = 10 });

        var hit = Assert.Single(hits);
        Assert.Equal(1, hit.Key);
        Assert.Equal(1.5393999516953425, hit.Score, 1e-6);
    }

    [Fact]
    public void MultiTermScoresMatchHandComputedBm25()
    {
        using var index = HandExample();

        // banana and cherry: df = 2 each, idf = ln(1 + 2.5 / 2.5) = ln 2 = 0.6931471805599453.
        // Chunk 2 (length 2): norm = 0.6 + 0.4 · 2 / 2.5 = 0.92; each term tf = 1, tf~ = 1.0869565…,
        //   saturation = 1.039387308533917; score = 2 · ln 2 · 1.039387308533917 = 1.440896764840149.
        // Chunk 3 (length 4): norm = 0.6 + 0.4 · 4 / 2.5 = 1.24; cherry tf = 3, tf~ = 2.4193548…,
        //   saturation = 1.3848396501457725; score = ln 2 · 1.3848396501457725 = 0.9598976990261632.
        // Chunk 1 (length 3): norm = 1.08; banana tf = 1, tf~ = 0.9259259…,
        //   saturation = 0.9634888438133873; score = ln 2 · 0.9634888438133873 = 0.6678395755902109.
        var hits = index.Search("banana cherry", new() { Top = 10 });

        Assert.Equal([2L, 3L, 1L], hits.Select(h => h.Key));
        Assert.Equal(1.440896764840149, hits[0].Score, 1e-6);
        Assert.Equal(0.9598976990261632, hits[1].Score, 1e-6);
        Assert.Equal(0.6678395755902109, hits[2].Score, 1e-6);
    }

    [Fact]
    public void RepeatedQueryTermWeighsByItsQueryFrequency()
    {
        using var index = HandExample();

        // "cherry cherry" counts cherry twice: chunk 3 scores 2 · 0.9598976990261632.
        var hits = index.Search("Cherry, cherry!", new() { Top = 10 });

        Assert.Equal([3L, 2L], hits.Select(h => h.Key));
        Assert.Equal(2 * 0.9598976990261632, hits[0].Score, 1e-6);
    }

    [Fact]
    public void TopLimitsTheHitsAndKeepsTheBest()
    {
        using var index = HandExample();

        var hits = index.Search("banana cherry", new() { Top = 2 });

        Assert.Equal([2L, 3L], hits.Select(h => h.Key));
    }

    [Fact]
    public void EqualScoresRankTheLowerKeyFirst()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        index.Upsert(new LexicalDocument(70, "", "", "same words here"));
        index.Upsert(new LexicalDocument(-5, "", "", "same words here"));
        index.Upsert(new LexicalDocument(30, "", "", "same words here"));
        index.Upsert(new LexicalDocument(1, "", "", "nothing alike"));

        Assert.Equal([-5L, 30L, 70L], index.Search("words", new() { Top = 10 }).Select(h => h.Key));
        Assert.Equal(-5, Assert.Single(index.Search("words", new() { Top = 1 })).Key);
    }

    [Fact]
    public void UnknownTermsAndEmptyQueriesFindNothing()
    {
        using var index = HandExample();

        Assert.Empty(index.Search("zucchini", new() { Top = 10 }));
        Assert.Empty(index.Search("  ,; ", new() { Top = 10 }));
        Assert.Empty(new Bm25Index(new FakeAnalyzer()).Search("apple", new() { Top = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search("apple", new() { Top = 0 }));
    }

    [Theory]
    // Each chunk has "zebra" in one field; every field has the same length in every chunk.
    [InlineData(2.0, 1.5, 1.0, new long[] { 1, 2, 3 })]   // defaults: title > headings > body
    [InlineData(1.0, 1.0, 3.0, new long[] { 3, 1, 2 })]   // body heaviest; title and headings tie (lower key first)
    [InlineData(0.5, 2.0, 1.0, new long[] { 2, 3, 1 })]
    public void FieldWeightsDecideTheRanking(double title, double headings, double body, long[] expected)
    {
        var options = new Bm25Options { TitleWeight = title, HeadingsWeight = headings, BodyWeight = body };
        using var index = new Bm25Index(new FakeAnalyzer(), options);
        index.Upsert(new LexicalDocument(1, "zebra one", "h1 h2", "b1 b2 b3 b4"));
        index.Upsert(new LexicalDocument(2, "t1 t2", "zebra one", "b1 b2 b3 b4"));
        index.Upsert(new LexicalDocument(3, "t1 t2", "h1 h2", "zebra b2 b3 b4"));

        Assert.Equal(expected, index.Search("zebra", new() { Top = 10 }).Select(h => h.Key));
    }

    [Fact]
    public void TitleMatchOutranksTheSameMatchInTheBodyByDefault()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        index.Upsert(new LexicalDocument(1, "Kafka consumer groups", "Setup", "how partitions are assigned"));
        index.Upsert(new LexicalDocument(2, "Broker settings", "Setup", "kafka consumer groups rebalance"));

        var hits = index.Search("kafka", new() { Top = 10 });

        Assert.Equal([1L, 2L], hits.Select(h => h.Key));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public void UpsertReplacesTheEarlierVersion()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        index.Upsert(new LexicalDocument(7, "", "", "apple pie"));
        index.Upsert(new LexicalDocument(8, "", "", "apple tart"));

        index.Upsert(new LexicalDocument(7, "", "", "banana bread"));

        Assert.Equal(2, index.Count);
        Assert.Equal([8L], index.Search("apple", new() { Top = 10 }).Select(h => h.Key));
        Assert.Equal([7L], index.Search("banana", new() { Top = 10 }).Select(h => h.Key));
    }

    [Fact]
    public void RemoveDropsTheChunkAndReportsWhetherItWasThere()
    {
        using var index = HandExample();

        Assert.True(index.Remove(2));
        Assert.False(index.Remove(2));
        Assert.False(index.Remove(99));

        Assert.Equal(3, index.Count);
        Assert.Equal([1L], index.Search("banana", new() { Top = 10 }).Select(h => h.Key));
        Assert.Equal([3L], index.Search("cherry", new() { Top = 10 }).Select(h => h.Key));
    }

    [Fact]
    public void StatisticsCountLiveChunksOnly()
    {
        // After removing chunk 2 from the hand example and adding it back unchanged, scores are as before.
        using var index = HandExample();
        var before = index.Search("banana cherry", new() { Top = 10 });

        index.Remove(2);
        index.Upsert(new LexicalDocument(2, "", "", "banana cherry"));

        Assert.Equal(before, index.Search("banana cherry", new() { Top = 10 }));
    }

    [Fact]
    public void CompactsWhenMoreThanAQuarterIsDead()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        for (int i = 0; i < 8; i++)
        {
            index.Upsert(new LexicalDocument(i, "", "", $"common term{i}"));
        }

        index.Remove(0);
        index.Remove(1);
        Assert.Equal(2, index.DeadCount);
        Assert.Equal(0, index.Compactions);

        index.Remove(2); // 3 of 8 dead
        Assert.Equal(0, index.DeadCount);
        Assert.Equal(1, index.Compactions);
        Assert.Equal(5, index.Count);
        Assert.Equal([3L, 4L, 5L, 6L, 7L], index.Search("common", new() { Top = 10 }).Select(h => h.Key));
        Assert.Empty(index.Search("term1", new() { Top = 10 }));
        Assert.Equal([6L], index.Search("term6", new() { Top = 10 }).Select(h => h.Key));
    }

    [Fact]
    public void SearchWithoutOptionsReturnsTheDefaultTop_AndTopBelowOneIsRejected()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        for (int key = 1; key <= 15; key++)
        {
            index.Upsert(new LexicalDocument(key, "", "", $"apple filler{key}"));
        }

        Assert.Equal(new LexicalSearchOptions().Top, index.Search("apple").Count);
        Assert.Equal(15, index.Search("apple", new() { Top = 20 }).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([new WeightedTerm("apple", 1)], new() { Top = 0 }));
    }

    [Fact]
    public void OptionsAreValidatedAndCopied()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Index(new FakeAnalyzer(), new Bm25Options { B = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Index(new FakeAnalyzer(), new Bm25Options { K1 = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Index(new FakeAnalyzer(), new Bm25Options { TitleWeight = double.NaN }));
        Assert.Throws<ArgumentException>(
            () => new Bm25Index(new FakeAnalyzer(), new Bm25Options { TitleWeight = 0, HeadingsWeight = 0, BodyWeight = 0 }));

        var options = new Bm25Options();
        using var index = new Bm25Index(new FakeAnalyzer(), options);
        index.Upsert(new LexicalDocument(1, "", "", "apple banana apple"));
        index.Upsert(new LexicalDocument(2, "", "", "banana"));
        double before = index.Search("apple", new() { Top = 1 })[0].Score;
        options.K1 = 5;
        Assert.Equal(before, index.Search("apple", new() { Top = 1 })[0].Score);
    }

    [Fact]
    public void FullLengthNormalisationHandlesEmptyFields()
    {
        // b = 1 makes the norm of an empty field 0; chunks without a title must still score finitely.
        var options = new Bm25Options { B = 1 };
        LexicalDocument[] documents = [new(1, "", "", "apple"), new(2, "apple", "", "banana")];
        using var index = new Bm25Index(new FakeAnalyzer(), options);
        foreach (var document in documents)
        {
            index.Upsert(document);
        }

        var hits = index.Search("apple", new() { Top = 10 });

        Assert.Equal(2, hits.Count);
        Assert.All(hits, h => Assert.True(double.IsFinite(h.Score) && h.Score > 0));
        AssertSameScores(new Bm25ReferenceScorer(new FakeAnalyzer(), options).Scores(documents, "apple"), hits);
    }

    internal static void AssertSameScores(Dictionary<long, double> reference, IReadOnlyList<ScoredKey> hits)
    {
        Assert.Equal(reference.Count, hits.Count);
        foreach (var hit in hits)
        {
            Assert.Equal(reference[hit.Key], hit.Score, 1e-9);
        }
    }
}
