using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class FlatVectorIndexTests
{
    private static readonly Lazy<VectorTestData> SharedData = new(() => new VectorTestData(2000, 48, 30));

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.Dot)]
    [InlineData(VectorMetric.L2)]
    public void SearchIsExactAgainstScalarBruteForce(VectorMetric metric)
    {
        var data = SharedData.Value;
        using var index = new FlatVectorIndex(data.Dimension, metric, "m");
        index.UpsertBatch(data.Keys, data.Rows);
        for (int q = 0; q < data.QueryCount; q++)
        {
            var hits = index.Search(data.Query(q), new() { Top = 15 });
            var truth = data.BruteForce(metric, data.Query(q), 15);
            Assert.Equal(truth, hits.Select(hit => hit.Key));
            foreach (var hit in hits)
            {
                int row = (int)((hit.Key - data.Keys[0]) / 37);
                double expected = VectorTestData.Similarity(metric, data.Query(q), data.Row(row));
                Assert.True(Math.Abs(expected - hit.Score) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{metric}: {expected} vs {hit.Score}");
            }
        }
    }

    [Theory]
    [InlineData(VectorMetric.Cosine)]
    [InlineData(VectorMetric.L2)]
    public void BatchSearchEqualsOneSearchPerQuery(VectorMetric metric)
    {
        var data = SharedData.Value;
        using var index = new FlatVectorIndex(data.Dimension, metric, "m");
        index.UpsertBatch(data.Keys, data.Rows);
        var batch = index.SearchBatch(data.Queries, 12, maxDegreeOfParallelism: 2);
        Assert.Equal(data.QueryCount, batch.Length);
        for (int q = 0; q < data.QueryCount; q++)
        {
            Assert.Equal(index.Search(data.Query(q), new() { Top = 12 }), batch[q]);
        }
    }

    [Fact]
    public void EqualScoresRankTheLowerKeyFirst()
    {
        using var index = new FlatVectorIndex(2, VectorMetric.L2, "m");
        index.Upsert(9, [1, 1]);
        index.Upsert(3, [1, 1]);
        index.Upsert(5, [1, 1]);
        Assert.Equal([3L, 5L], index.Search([1, 1], new() { Top = 2 }).Select(hit => hit.Key));
    }

    [Fact]
    public void RemovalKeepsTheOtherRowsFindable()
    {
        using var index = new FlatVectorIndex(1, VectorMetric.L2, "m");
        for (int i = 0; i < 10; i++)
        {
            index.Upsert(i * 100, [i]);
        }

        Assert.True(index.Remove(300));
        Assert.True(index.Remove(0));
        Assert.Equal(8, index.Count);
        for (int i = 1; i < 10; i++)
        {
            var hit = index.Search([i], new() { Top = 1 })[0];
            Assert.Equal(i == 3 ? 200 : i * 100, hit.Key);
        }
    }

    [Fact]
    public void A_token_cancelled_during_the_scan_stops_it_within_one_block_of_rows()
    {
        var data = SharedData.Value;
        Assert.True(data.Count > FlatVectorIndex.CancellationCheckRows, "The data must span more than one block of rows.");
        using var index = new FlatVectorIndex(data.Dimension, VectorMetric.Dot, "m");
        index.UpsertBatch(data.Keys, data.Rows);
        using var source = new CancellationTokenSource();
        int compared = 0;
        var options = new VectorSearchOptions
        {
            Top = 5,
            Filter = _ =>
            {
                if (++compared == 1)
                {
                    source.Cancel();
                }

                return true;
            },
        };

        Assert.ThrowsAny<OperationCanceledException>(() => index.Search(data.Query(0), options, source.Token));
        Assert.InRange(compared, 1, FlatVectorIndex.CancellationCheckRows);
    }
}
