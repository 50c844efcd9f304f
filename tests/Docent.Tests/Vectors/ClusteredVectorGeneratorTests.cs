using Docent.Benchmarks.Vectors;
using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class ClusteredVectorGeneratorTests
{
    [Fact]
    public void SameSeedGivesTheSameVectorsAndAnotherSeedDoesNot()
    {
        var first = ClusteredVectorGenerator.ForCount(500, 16, seed: 1).Next(500);
        var again = ClusteredVectorGenerator.ForCount(500, 16, seed: 1).Next(500);
        var other = ClusteredVectorGenerator.ForCount(500, 16, seed: 2).Next(500);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(22, ClusteredVectorGenerator.ForCount(500, 16).ClusterCount);
    }

    [Fact]
    public void DataIsClusteredNotUniform()
    {
        // Nearest neighbours are much closer, relative to typical pairs, than in uniform noise: the structure recall depends on.
        const int count = 1000, dimension = 32;
        var clustered = ClusteredVectorGenerator.ForCount(count, dimension, seed: 5).Next(count);
        var random = new Random(5);
        var uniform = Enumerable.Range(0, count * dimension).Select(_ => (float)random.NextDouble()).ToArray();
        double clusteredRatio = NearestToMeanRatio(clustered, count, dimension);
        double uniformRatio = NearestToMeanRatio(uniform, count, dimension);
        Assert.True(clusteredRatio < uniformRatio / 3, $"nearest/mean squared distance: clustered {clusteredRatio:0.000}, uniform {uniformRatio:0.000}");
    }

    private static double NearestToMeanRatio(float[] rows, int count, int dimension)
    {
        double nearestTotal = 0, allTotal = 0;
        long pairs = 0;
        for (int i = 0; i < count; i += 10)
        {
            double nearest = double.MaxValue;
            for (int j = 0; j < count; j++)
            {
                if (i == j)
                {
                    continue;
                }

                double d = VectorKernels.SquaredL2Scalar(rows.AsSpan(i * dimension, dimension), rows.AsSpan(j * dimension, dimension));
                nearest = Math.Min(nearest, d);
                allTotal += d;
                pairs++;
            }

            nearestTotal += nearest;
        }

        return nearestTotal / (count / 10) / (allTotal / pairs);
    }

    [Fact]
    public void QueriesDrawnAfterTheDataAreNotInIt()
    {
        var generator = ClusteredVectorGenerator.ForCount(200, 8, seed: 9);
        var rows = generator.Next(200);
        var queries = generator.Next(50);
        for (int q = 0; q < 50; q++)
        {
            for (int i = 0; i < 200; i++)
            {
                Assert.False(queries.AsSpan(q * 8, 8).SequenceEqual(rows.AsSpan(i * 8, 8)));
            }
        }
    }
}
