using Docent.Retrieval;
using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class HnswVectorIndexTests
{
    private const int Top = 10;

    private static readonly Lazy<VectorTestData> SharedData = new(() => new VectorTestData(5000, 32, 100));

    private static VectorTestData Data => SharedData.Value;

    private static HnswVectorIndex Build(VectorMetric metric, HnswOptions? options = null, int threads = 1)
    {
        var index = new HnswVectorIndex(Data.Dimension, metric, "m", options);
        index.UpsertBatch(Data.Keys, Data.Rows, threads);
        return index;
    }

    private static List<long[]> Truth(VectorMetric metric, Func<int, bool>? include = null) =>
        Enumerable.Range(0, Data.QueryCount).Select(q => Data.BruteForce(metric, Data.Query(q), Top, include)).ToList();

    private static double Recall(IVectorSearcher index, IReadOnlyList<long[]> truth, VectorSearchOptions? options = null)
    {
        var search = new VectorSearchOptions { Top = Top, SearchBreadth = options?.SearchBreadth, Filter = options?.Filter };
        return Data.Recall(q => index.Search(Data.Query(q), search).Select(hit => hit.Key), truth);
    }

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.Dot)]
    [InlineData(VectorMetric.L2)]
    public void RecallAgainstExactSearchIsHigh(VectorMetric metric)
    {
        using var index = Build(metric);
        double recall = Recall(index, Truth(metric));
        Assert.True(recall >= 0.95, $"{metric} recall@10 {recall:0.000}");
        Assert.Equal(Data.Count, index.Count);
    }

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.L2)]
    public void Int8IndexKeepsRecallInAQuarterOfTheMemory(VectorMetric metric)
    {
        using var index = Build(metric, new HnswOptions { Quantization = VectorQuantization.Int8 });
        double recall = Recall(index, Truth(metric));
        Assert.True(recall >= 0.93, $"int8 {metric} recall@10 {recall:0.000}");

        var memory = index.GetMemoryUsage();
        double ratio = (double)memory.QuantizedVectorBytes / memory.FloatVectorBytes;
        Assert.InRange(ratio, 0.25, 0.3);
        Assert.True(memory.GraphBytes > 0);

        // Final candidates are re-ranked with float32 vectors: scores are exact.
        var hit = index.Search(Data.Query(0), new() { Top = 1 })[0];
        int row = (int)((hit.Key - Data.Keys[0]) / 37);
        Assert.Equal(VectorTestData.Similarity(metric, Data.Query(0), Data.Row(row)), hit.Score, 3);
    }

    [Fact]
    public void ParallelBuildKeepsRecall()
    {
        using var index = Build(VectorMetric.Cosine, threads: 3);
        double recall = Recall(index, Truth(VectorMetric.Cosine));
        Assert.True(recall >= 0.95, $"parallel recall@10 {recall:0.000}");
        Assert.Equal(Data.Count, index.Count);
    }

    [Fact]
    public void OneThreadBuildsTheSameGraphEveryTime()
    {
        using var first = Build(VectorMetric.L2);
        using var second = Build(VectorMetric.L2);
        for (int q = 0; q < 20; q++)
        {
            Assert.Equal(first.Search(Data.Query(q), new() { Top = Top }), second.Search(Data.Query(q), new() { Top = Top }));
        }
    }

    [Fact]
    public void RecallStaysHighAfterRemovingAFifth()
    {
        using var index = Build(VectorMetric.Cosine);
        var removed = new HashSet<long>();
        for (int i = 0; i < Data.Count; i += 5)
        {
            Assert.True(index.Remove(Data.Keys[i]));
            removed.Add(Data.Keys[i]);
        }

        Assert.Equal(Data.Count - removed.Count, index.Count);
        Assert.Equal(removed.Count, index.DeletedCount);
        var truth = Truth(VectorMetric.Cosine, i => i % 5 != 0);
        double recall = Recall(index, truth);
        Assert.True(recall >= 0.95, $"recall@10 after removals {recall:0.000}");
        for (int q = 0; q < Data.QueryCount; q++)
        {
            Assert.DoesNotContain(index.Search(Data.Query(q), new() { Top = Top }), hit => removed.Contains(hit.Key));
        }
    }

    [Fact]
    public void InsertsAfterRemovalsLinkIntoTheGraph()
    {
        using var index = Build(VectorMetric.L2);
        for (int i = 0; i < Data.Count; i += 2)
        {
            index.Remove(Data.Keys[i]);
        }

        // Re-add the removed half one by one (new nodes; the tombstones stay).
        for (int i = 0; i < Data.Count; i += 2)
        {
            index.Upsert(Data.Keys[i], Data.Row(i));
        }

        Assert.Equal(Data.Count, index.Count);
        double recall = Recall(index, Truth(VectorMetric.L2));
        Assert.True(recall >= 0.95, $"recall@10 after churn {recall:0.000}");
    }

    [Fact]
    public void SelectiveFilterStillFindsTheAcceptedNeighbours()
    {
        using var index = Build(VectorMetric.Cosine);
        // About 2% of the keys, spread over every cluster.
        Func<long, bool> accept = key => (key / 37) % 50 == 3;
        var truth = Truth(VectorMetric.Cosine, i => accept(Data.Keys[i]));
        var options = new VectorSearchOptions { Top = Top, Filter = accept };
        for (int q = 0; q < Data.QueryCount; q++)
        {
            Assert.All(index.Search(Data.Query(q), options), hit => Assert.True(accept(hit.Key)));
        }

        double recall = Recall(index, truth, options);
        Assert.True(recall >= 0.95, $"filtered recall@10 {recall:0.000}");
    }

    [Fact]
    public void LargerSearchBreadthDoesNotLowerRecall()
    {
        using var index = Build(VectorMetric.Cosine, new HnswOptions { M = 4, EfConstruction = 20 });
        var truth = Truth(VectorMetric.Cosine);
        double narrow = Recall(index, truth, new VectorSearchOptions { SearchBreadth = 10 });
        double wide = Recall(index, truth, new VectorSearchOptions { SearchBreadth = 200 });
        Assert.True(wide >= narrow, $"ef 10: {narrow:0.000}, ef 200: {wide:0.000}");
        Assert.True(wide >= 0.95, $"ef 200 on a sparse graph: {wide:0.000}");
    }

    [Fact]
    public void ABatchWithARepeatedKeyKeepsItsLastRow()
    {
        using var index = new HnswVectorIndex(2, VectorMetric.L2, "m");
        index.UpsertBatch([1, 2, 1], [0, 0, 5, 5, 9, 9]);
        Assert.Equal(2, index.Count);
        Assert.Equal(1, index.Search([9, 9], new() { Top = 1 })[0].Key);
        Assert.Equal(2, index.Search([0, 0], new() { Top = 1 })[0].Key);
    }

    [Fact]
    public void ConcurrentSearchesGiveTheSerialResults()
    {
        using var index = Build(VectorMetric.Cosine, new HnswOptions { Quantization = VectorQuantization.Int8 });
        var expected = Enumerable.Range(0, Data.QueryCount).Select(q => index.Search(Data.Query(q), new() { Top = Top })).ToList();
        var actual = new IReadOnlyList<ScoredKey>[Data.QueryCount];
        Parallel.For(0, Data.QueryCount, new ParallelOptions { MaxDegreeOfParallelism = 4 }, q => actual[q] = index.Search(Data.Query(q), new() { Top = Top }));
        for (int q = 0; q < Data.QueryCount; q++)
        {
            Assert.Equal(expected[q], actual[q]);
        }
    }

    [Fact]
    public async Task SearchesRunSafelyWhileAWriterAddsAndRemoves()
    {
        using var index = new HnswVectorIndex(Data.Dimension, VectorMetric.Cosine, "m");
        index.UpsertBatch(Data.Keys.AsSpan(0, 2000), Data.Rows.AsSpan(0, 2000 * Data.Dimension));
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            int searches = 0;
            while (!done.IsCancellationRequested || searches == 0)
            {
                var hits = index.Search(Data.Query((r + searches) % Data.QueryCount), new() { Top = Top });
                Assert.Equal(Top, hits.Count);
                Assert.Equal(hits.Count, hits.Select(hit => hit.Key).Distinct().Count());
                searches++;
            }

            return searches;
        })).ToArray();

        for (int i = 2000; i < 3000; i++)
        {
            index.Upsert(Data.Keys[i], Data.Row(i));
            if (i % 4 == 0)
            {
                index.Remove(Data.Keys[i - 1000]);
            }
        }

        done.Cancel();
        Assert.All(await Task.WhenAll(readers), searches => Assert.True(searches > 0));
        Assert.Equal(3000 - 250, index.Count);
        Assert.Equal(Data.Keys[2999], index.Search(Data.Row(2999), new() { Top = 1 })[0].Key);
    }

    [Fact]
    public void DisposingTwiceIsHarmlessAndASearchAfterwardsThrows()
    {
        var index = new HnswVectorIndex(Data.Dimension, VectorMetric.Cosine, "m");
        index.UpsertBatch(Data.Keys.AsSpan(0, 200), Data.Rows.AsSpan(0, 200 * Data.Dimension));
        index.Dispose();
        index.Dispose();
        Assert.Throws<ObjectDisposedException>(() => index.Search(Data.Query(0)));
    }

    [Fact]
    public void CancelledBuildLeavesAConsistentIndex()
    {
        using var index = new HnswVectorIndex(Data.Dimension, VectorMetric.Cosine, "m");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => index.UpsertBatch(Data.Keys, Data.Rows, 2, cancel.Token));
        Assert.True(index.Count <= 1);
        index.UpsertBatch(Data.Keys.AsSpan(0, 500), Data.Rows.AsSpan(0, 500 * Data.Dimension));
        Assert.Equal(500, index.Count);
        Assert.Equal(Data.Keys[0], index.Search(Data.Row(0), new() { Top = 1 })[0].Key);
    }

    [Fact]
    public async Task LoadingAFlatIndexFileAsHnswThrows()
    {
        using var directory = new TestSupport.TempDirectory();
        using var flat = new FlatVectorIndex(4, VectorMetric.Dot, "m");
        flat.Upsert(1, [1, 2, 3, 4]);
        string path = Path.Combine(directory.Path, "flat.dcvx");
        await flat.SaveAsync(path, watermark: 0);
        var error = Assert.Throws<InvalidDataException>(() => HnswVectorIndex.Load(path));
        Assert.Contains("flat", error.Message);
        Assert.Equal(1, FlatVectorIndex.Load(path, "m", 4).Count);
    }

    [Fact]
    public async Task LoadedInt8IndexReadsFloatVectorsFromTheMappedFile()
    {
        using var directory = new TestSupport.TempDirectory();
        using var index = Build(VectorMetric.L2, new HnswOptions { Quantization = VectorQuantization.Int8 });
        index.Remove(Data.Keys[3]);
        string path = Path.Combine(directory.Path, "int8.dcvx");
        await index.SaveAsync(path, watermark: 0);

        using var mapped = HnswVectorIndex.Load(path, "m", Data.Dimension);
        using var heap = HnswVectorIndex.Load(path, "m", Data.Dimension, mapFloatVectors: false);
        long floatBytes = (long)Data.Count * Data.Dimension * sizeof(float);
        Assert.Equal(0, mapped.GetMemoryUsage().FloatVectorBytes);
        Assert.Equal(floatBytes, mapped.GetMemoryUsage().MappedFloatVectorBytes);
        Assert.Equal(floatBytes, heap.GetMemoryUsage().FloatVectorBytes);
        Assert.Equal(0, heap.GetMemoryUsage().MappedFloatVectorBytes);
        for (int q = 0; q < Data.QueryCount; q++)
        {
            var expected = index.Search(Data.Query(q), new() { Top = Top });
            Assert.Equal(expected, mapped.Search(Data.Query(q), new() { Top = Top }));
            Assert.Equal(expected, heap.Search(Data.Query(q), new() { Top = Top }));
        }

        // New vectors after loading go to the heap and link into the graph, new ranges included.
        var far = Data.Row(5).ToArray().Select(x => x * 1.5f).ToArray();
        mapped.Upsert(-1, far);
        mapped.Upsert(-2, Data.Row(3));
        Assert.Equal(-1, mapped.Search(far, new() { Top = 1 })[0].Key);
        Assert.Equal(-2, mapped.Search(Data.Row(3), new() { Top = 1 })[0].Key);
        Assert.InRange(mapped.GetMemoryUsage().FloatVectorBytes, 2L * Data.Dimension * sizeof(float), 16L * Data.Dimension * sizeof(float));
        double recall = Recall(mapped, Truth(VectorMetric.L2, i => i != 3));
        Assert.True(recall >= 0.93, $"recall@10 after loading and widening {recall:0.000}");
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(8, VectorMetric.L2, "m", new HnswOptions { M = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HnswVectorIndex(8, VectorMetric.L2, "m", new HnswOptions { EfConstruction = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VectorSearchOptions { SearchBreadth = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new HnswVectorIndex(8, VectorMetric.L2, " "));
    }

    [Fact]
    public void A_token_cancelled_during_the_graph_search_stops_it_before_the_search_completes()
    {
        using var index = Build(VectorMetric.Cosine);
        int visitedUncancelled = 0;
        index.Search(Data.Query(0), new VectorSearchOptions { Top = Top, SearchBreadth = 500, Filter = _ => ++visitedUncancelled > 0 });
        using var source = new CancellationTokenSource();
        int visited = 0;
        var options = new VectorSearchOptions
        {
            Top = Top,
            SearchBreadth = 500,
            Filter = _ =>
            {
                if (++visited == 1)
                {
                    source.Cancel();
                }

                return true;
            },
        };

        Assert.ThrowsAny<OperationCanceledException>(() => index.Search(Data.Query(0), options, source.Token));
        Assert.True(visited < visitedUncancelled / 2, $"The cancelled search looked at {visited} nodes; the whole search looks at {visitedUncancelled}.");
    }
}
