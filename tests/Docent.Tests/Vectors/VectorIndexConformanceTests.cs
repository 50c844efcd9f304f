using Docent.Tests.TestSupport;
using Docent.Vectors;

namespace Docent.Tests.Vectors;

/// <summary>Behaviour every <see cref="IVectorIndex"/> must share; one subclass per implementation.</summary>
public abstract class VectorIndexConformanceTests : IDisposable
{
    private static readonly Lazy<VectorTestData> SharedData = new(() => new VectorTestData(1000, 16, 40));

    private readonly TempDirectory _directory = new();

    protected static VectorTestData Data => SharedData.Value;

    protected abstract IVectorIndex Create(int dimension, VectorMetric metric, string modelId);

    protected abstract IVectorIndex Load(string path, out long watermark, string? expectedModelId = null, int? expectedDimension = null);

    public void Dispose() => _directory.Dispose();

    private IVectorIndex Load(string path, string? expectedModelId = null, int? expectedDimension = null) =>
        Load(path, out _, expectedModelId, expectedDimension);

    private IVectorIndex Filled(VectorMetric metric = VectorMetric.Cosine, string modelId = "model-a")
    {
        var index = Create(Data.Dimension, metric, modelId);
        for (int i = 0; i < Data.Count; i++)
        {
            index.Upsert(Data.Keys[i], Data.Row(i));
        }

        return index;
    }

    private async Task<string> SavedAsync(string modelId = "model-a")
    {
        var index = Filled(modelId: modelId);
        string path = Path.Combine(_directory.Path, "index.dcvx");
        await index.SaveAsync(path, watermark: 0);
        (index as IDisposable)?.Dispose();
        return path;
    }

    [Fact]
    public void EmptyIndexFindsNothing()
    {
        var index = Create(4, VectorMetric.L2, "m");
        Assert.Empty(index.Search([1, 2, 3, 4], new() { Top = 5 }));
        Assert.Equal(0, index.Count);
        Assert.False(index.Contains(1));
        Assert.False(index.Remove(1));
    }

    [Fact]
    public void ACancelledTokenStopsTheSearch_AndTheIndexStillSearchesAfterwards()
    {
        var index = Filled();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => index.Search(Data.Query(0), new() { Top = 10 }, cancelled.Token));
        Assert.Equal(10, index.Search(Data.Query(0), new() { Top = 10 }, CancellationToken.None).Count);
        (index as IDisposable)?.Dispose();
    }

    [Fact]
    public void SearchWithoutOptionsReturnsTheDefaultTop()
    {
        var index = Filled();

        Assert.Equal(new VectorSearchOptions().Top, index.Search(Data.Query(0)).Count);
        Assert.Empty(index.Search(Data.Query(0), new() { Top = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(Data.Query(0), new() { Top = -1 }));
        (index as IDisposable)?.Dispose();
    }

    [Fact]
    public void WrongDimensionsThrow()
    {
        var index = Create(4, VectorMetric.L2, "m");
        Assert.Throws<ArgumentException>(() => index.Upsert(1, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3, 4, 5], new() { Top = 1 }));
        Assert.Throws<ArgumentException>(() => index.Upsert(1, [1, 2, float.NaN, 4]));
    }

    [Fact]
    public void UpsertReplacesTheVectorOfAKey()
    {
        var index = Create(3, VectorMetric.L2, "m");
        index.Upsert(10, [1, 0, 0]);
        index.Upsert(20, [0, 1, 0]);
        index.Upsert(30, [0, 0, 1]);
        Assert.Equal(10, index.Search([1, 0, 0], new() { Top = 1 })[0].Key);

        index.Upsert(10, [0, 0, 5]);

        Assert.Equal(3, index.Count);
        Assert.Equal(20, index.Search([0, 1, 0], new() { Top = 1 })[0].Key);
        var nearOld = index.Search([1, 0, 0], new() { Top = 3 });
        Assert.Equal(3, nearOld.Count);
        Assert.Equal(-26.0, nearOld.Single(hit => hit.Key == 10).Score, 5);
        Assert.Equal(10, index.Search([0, 0, 4.9f], new() { Top = 1 })[0].Key);
    }

    [Fact]
    public void ScoresAreSimilaritiesHigherIsCloser()
    {
        foreach (var metric in new[] { VectorMetric.Cosine, VectorMetric.Dot, VectorMetric.L2 })
        {
            var index = Create(2, metric, "m");
            index.Upsert(1, [3, 4]);
            index.Upsert(2, [-1, 0]);
            var hits = index.Search([6, 8], new() { Top = 2 });
            Assert.Equal([1L, 2L], hits.Select(h => h.Key));
            double expected = metric switch { VectorMetric.Cosine => 1.0, VectorMetric.Dot => 50.0, _ => -25.0 };
            Assert.Equal(expected, hits[0].Score, 4);
        }
    }

    [Fact]
    public void RemovedKeysAreNeverReturned()
    {
        var index = Filled();
        var removed = new HashSet<long>();
        for (int i = 0; i < Data.Count; i += 3)
        {
            Assert.True(index.Remove(Data.Keys[i]));
            Assert.False(index.Remove(Data.Keys[i]));
            Assert.False(index.Contains(Data.Keys[i]));
            removed.Add(Data.Keys[i]);
        }

        Assert.Equal(Data.Count - removed.Count, index.Count);
        for (int q = 0; q < Data.QueryCount; q++)
        {
            var hits = index.Search(Data.Query(q), new() { Top = 20 });
            Assert.Equal(20, hits.Count);
            Assert.DoesNotContain(hits, hit => removed.Contains(hit.Key));
        }

        // A removed row is not found even when queried with itself.
        var self = index.Search(Data.Row(0), new() { Top = 1 });
        Assert.NotEqual(Data.Keys[0], self[0].Key);
    }

    [Fact]
    public void FilterReturnsOnlyAcceptedKeysAndStillFindsTheBest()
    {
        var index = Filled();
        Func<long, bool> accept = key => key % 5 == 0;
        var options = new VectorSearchOptions { Top = 10, Filter = accept };
        double found = 0;
        for (int q = 0; q < Data.QueryCount; q++)
        {
            var hits = index.Search(Data.Query(q), options);
            Assert.Equal(10, hits.Count);
            Assert.All(hits, hit => Assert.True(accept(hit.Key)));
            var truth = Data.BruteForce(VectorMetric.Cosine, Data.Query(q), 10, i => accept(Data.Keys[i]));
            found += hits.Count(hit => truth.Contains(hit.Key));
        }

        Assert.True(found / (10.0 * Data.QueryCount) >= 0.95, $"filtered recall {found / (10.0 * Data.QueryCount):0.000}");
    }

    [Fact]
    public void FilterThatAcceptsNothingReturnsNothing()
    {
        var index = Filled();
        Assert.Empty(index.Search(Data.Query(0), new VectorSearchOptions { Top = 10, Filter = _ => false }));
    }

    [Fact]
    public async Task SaveAndLoadGiveIdenticalResults()
    {
        var index = Filled(VectorMetric.Cosine);
        for (int i = 0; i < 100; i++)
        {
            index.Remove(Data.Keys[i * 7]);
        }

        string path = Path.Combine(_directory.Path, "sub", "index.dcvx");
        await index.SaveAsync(path, watermark: 12345);
        Assert.False(File.Exists(path + ".tmp"));

        var loaded = Load(path, out long watermark, "model-a", Data.Dimension);
        Assert.Equal(index.Count, loaded.Count);
        Assert.Equal(12345, watermark);
        Assert.Equal(index.Metric, loaded.Metric);
        Assert.Equal("model-a", loaded.ModelId);
        Assert.False(loaded.Contains(Data.Keys[0]));
        Assert.True(loaded.Contains(Data.Keys[1]));
        for (int q = 0; q < Data.QueryCount; q++)
        {
            Assert.Equal(index.Search(Data.Query(q), new() { Top = 10 }), loaded.Search(Data.Query(q), new() { Top = 10 }));
        }

        // The loaded index keeps working: new vectors are found, and it saves again over its own file.
        loaded.Upsert(42, Data.Query(0));
        Assert.Equal(42, loaded.Search(Data.Query(0), new() { Top = 1 })[0].Key);
        await loaded.SaveAsync(path, watermark: 12346);
        var again = Load(path, out long againWatermark, "model-a", Data.Dimension);
        Assert.Equal(index.Count + 1, again.Count);
        Assert.Equal(12346, againWatermark);
        for (int q = 0; q < Data.QueryCount; q++)
        {
            Assert.Equal(loaded.Search(Data.Query(q), new() { Top = 10 }), again.Search(Data.Query(q), new() { Top = 10 }));
        }

        (again as IDisposable)?.Dispose();
        (loaded as IDisposable)?.Dispose();
        (index as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task LoadingAnotherModelsIndexThrowsNamingBoth()
    {
        string path = await SavedAsync("model-a");
        var error = Assert.Throws<InvalidDataException>(() => Load(path, "model-b"));
        Assert.Contains(path, error.Message);
        Assert.Contains("model-a", error.Message);
        Assert.Contains("model-b", error.Message);
    }

    [Fact]
    public async Task LoadingAnotherDimensionThrows()
    {
        string path = await SavedAsync();
        var error = Assert.Throws<InvalidDataException>(() => Load(path, "model-a", Data.Dimension + 1));
        Assert.Contains(path, error.Message);
        Assert.Contains($"dimension {Data.Dimension}", error.Message);
    }

    [Fact]
    public async Task CorruptOrTruncatedFilesThrow()
    {
        string path = await SavedAsync();
        byte[] bytes = await File.ReadAllBytesAsync(path);

        byte[] flipped = (byte[])bytes.Clone();
        flipped[bytes.Length - 100] ^= 0x5A;
        string corrupt = _directory.Write("corrupt.dcvx", flipped);
        var error = Assert.Throws<InvalidDataException>(() => Load(corrupt));
        Assert.Contains(corrupt, error.Message);

        string truncated = _directory.Write("truncated.dcvx", bytes[..(bytes.Length / 2)]);
        Assert.Contains(truncated, Assert.Throws<InvalidDataException>(() => Load(truncated)).Message);

        byte[] future = (byte[])bytes.Clone();
        future[4] = 99;
        string newer = _directory.Write("newer.dcvx", future);
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => Load(newer)).Message);

        string text = _directory.Write("text.dcvx", "not an index at all");
        Assert.Contains("not a Docent vector index", Assert.Throws<InvalidDataException>(() => Load(text)).Message);
        Assert.Throws<FileNotFoundException>(() => Load(Path.Combine(_directory.Path, "missing.dcvx")));
    }
}
