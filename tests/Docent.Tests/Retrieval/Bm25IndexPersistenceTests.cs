using System.Buffers.Binary;
using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

public sealed class Bm25IndexPersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "docent-bm25-" + Guid.NewGuid().ToString("N"));

    public Bm25IndexPersistenceTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static (Bm25Index Index, RandomCorpus Corpus) BuildChurned(int seed)
    {
        var index = new Bm25Index(new FakeAnalyzer());
        var corpus = new RandomCorpus(seed);
        for (int i = 0; i < 300; i++)
        {
            corpus.AddNew(index);
        }

        corpus.Churn(index, 60);
        return (index, corpus);
    }

    private async Task<string> SaveSmallAsync(string name = "small.dclx")
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        index.Upsert(new LexicalDocument(1, "Apples", "Fruit / Red", "apple banana apple"));
        index.Upsert(new LexicalDocument(2, "Bananas", "Fruit / Yellow", "banana cherry"));
        index.Upsert(new LexicalDocument(3, "Cherries", "Fruit / Red", "cherry cherry cherry date"));
        string path = PathOf(name);
        await index.SaveAsync(path, watermark: 0);
        return path;
    }

    [Fact]
    public async Task SaveAndLoadGiveIdenticalResults()
    {
        var (index, corpus) = BuildChurned(seed: 11);
        using (index)
        {
            Assert.True(index.DeadCount > 0, "The churn should leave tombstones for Save to compact.");
            var queries = corpus.Queries(100);
            var before = queries.Select(q => index.Search(q, new() { Top = 10 })).ToList();
            string path = PathOf("index.dclx");

            await index.SaveAsync(path, watermark: 42);
            using var loaded = Bm25Index.Load(path, new FakeAnalyzer(), options: null, out long watermark);

            Assert.NotNull(loaded);
            Assert.False(File.Exists(path + ".tmp"));
            Assert.Equal(0, index.DeadCount);
            Assert.Equal(42, watermark);
            Assert.Equal(corpus.Documents.Count, loaded.Count);
            for (int i = 0; i < queries.Count; i++)
            {
                Assert.Equal(before[i], loaded.Search(queries[i], new() { Top = 10 }));
                Assert.Equal(before[i], index.Search(queries[i], new() { Top = 10 }));
            }
        }
    }

    [Fact]
    public async Task LoadedIndexAcceptsUpdates()
    {
        string path = await SaveSmallAsync();
        using var loaded = Bm25Index.Load(path, new FakeAnalyzer())!;

        loaded.Upsert(new LexicalDocument(4, "Dates", "Fruit / Brown", "date palm"));
        loaded.Upsert(new LexicalDocument(1, "Apples", "Fruit / Green", "green apple"));
        Assert.True(loaded.Remove(2));

        Assert.Equal(3, loaded.Count);
        Assert.Equal([4L, 3L], loaded.Search("date", new() { Top = 10 }).Select(h => h.Key));
        Assert.Empty(loaded.Search("banana", new() { Top = 10 }));
        Assert.Equal([1L], loaded.Search("green", new() { Top = 10 }).Select(h => h.Key));
        LexicalDocument[] live =
        [
            new(1, "Apples", "Fruit / Green", "green apple"),
            new(3, "Cherries", "Fruit / Red", "cherry cherry cherry date"),
            new(4, "Dates", "Fruit / Brown", "date palm"),
        ];
        SearchMatchesReference(loaded, live, "fruit red cherry apple");
    }

    [Fact]
    public async Task SaveReplacesAnEarlierFile()
    {
        string path = await SaveSmallAsync();
        using var other = new Bm25Index(new FakeAnalyzer());
        other.Upsert(new LexicalDocument(9, "", "", "kiwi"));

        await other.SaveAsync(path, watermark: 7);
        using var loaded = Bm25Index.Load(path, new FakeAnalyzer(), options: null, out long watermark)!;

        Assert.Equal(1, loaded.Count);
        Assert.Equal(7, watermark);
        Assert.Equal([9L], loaded.Search("kiwi", new() { Top = 10 }).Select(h => h.Key));
    }

    [Fact]
    public async Task EmptyIndexRoundTrips()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        string path = PathOf("empty.dclx");

        await index.SaveAsync(path, watermark: -1);
        using var loaded = Bm25Index.Load(path, new FakeAnalyzer(), options: null, out long watermark)!;

        Assert.Equal(0, loaded.Count);
        Assert.Equal(-1, watermark);
        Assert.Empty(loaded.Search("anything", new() { Top = 10 }));
    }

    [Fact]
    public async Task CancelledSaveThrowsAndWritesNothing()
    {
        using var index = new Bm25Index(new FakeAnalyzer());
        index.Upsert(new LexicalDocument(1, "", "", "apple"));
        string path = PathOf("cancelled.dclx");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.SaveAsync(path, watermark: 0, new CancellationToken(canceled: true)));

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void MissingFileLoadsAsNull()
    {
        Assert.Null(Bm25Index.Load(PathOf("missing.dclx"), new FakeAnalyzer()));
        Assert.Null(Bm25Index.Load(Path.Combine(_directory, "no-such-folder", "index.dclx"), new FakeAnalyzer()));
    }

    [Fact]
    public async Task TruncatedFileLoadsAsNull()
    {
        string path = await SaveSmallAsync();
        byte[] bytes = await File.ReadAllBytesAsync(path);

        foreach (int length in new[] { 0, 3, 8, 20, bytes.Length / 2, bytes.Length - 8, bytes.Length - 1 })
        {
            string truncated = PathOf($"truncated-{length}.dclx");
            await File.WriteAllBytesAsync(truncated, bytes[..length]);
            Assert.Null(Bm25Index.Load(truncated, new FakeAnalyzer()));
        }
    }

    [Fact]
    public async Task CorruptFileLoadsAsNull()
    {
        string path = await SaveSmallAsync();
        byte[] original = await File.ReadAllBytesAsync(path);

        // Flip one bit anywhere but the version field (a larger version is reported, not ignored).
        for (int at = 0; at < original.Length; at += at < 4 ? 1 : 7)
        {
            if (at is >= 4 and < 8)
            {
                continue;
            }

            byte[] bytes = (byte[])original.Clone();
            bytes[at] ^= 0x10;
            await File.WriteAllBytesAsync(path, bytes);
            Assert.True(Bm25Index.Load(path, new FakeAnalyzer()) is null, $"A flipped bit at byte {at} went unnoticed.");
        }

        await File.WriteAllBytesAsync(path, [.. original, 0]);
        Assert.Null(Bm25Index.Load(path, new FakeAnalyzer()));
    }

    [Fact]
    public async Task OtherAnalyzerOrOptionsLoadAsNull()
    {
        string path = await SaveSmallAsync();

        Assert.NotNull(Bm25Index.Load(path, new FakeAnalyzer(), new Bm25Options()));
        Assert.Null(Bm25Index.Load(path, new FakeAnalyzer("english-v2")));
        Assert.Null(Bm25Index.Load(path, new FakeAnalyzer(), new Bm25Options { K1 = 1.7 }));
        Assert.Null(Bm25Index.Load(path, new FakeAnalyzer(), new Bm25Options { TitleWeight = 3 }));
    }

    [Fact]
    public async Task NewerFormatVersionThrows()
    {
        string path = await SaveSmallAsync();
        byte[] bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal("DCLX"u8.ToArray(), bytes[..4]);
        Assert.Equal(Bm25Index.FormatVersion, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));

        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Bm25Index.FormatVersion + 1);
        await File.WriteAllBytesAsync(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Bm25Index.Load(path, new FakeAnalyzer()));
        Assert.Contains("version", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static void SearchMatchesReference(Bm25Index index, IEnumerable<LexicalDocument> live, string query) =>
        Bm25IndexScoringTests.AssertSameScores(new Bm25ReferenceScorer(new FakeAnalyzer()).Scores(live, query), index.Search(query, new() { Top = 1000 }));
}
