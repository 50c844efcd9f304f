using Docent.Benchmarks.Vectors;
using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class ScalarQuantizerTests
{
    private static (ScalarQuantizer Quantizer, float[] Rows, sbyte[] Codes) Fit(int count, int dimension)
    {
        var rows = ClusteredVectorGenerator.ForCount(count, dimension, seed: 3).Next(count);
        var quantizer = new ScalarQuantizer(dimension);
        quantizer.Widen(rows, new bool[dimension]);
        var codes = new sbyte[rows.Length];
        for (int i = 0; i < count; i++)
        {
            quantizer.Encode(rows.AsSpan(i * dimension, dimension), codes.AsSpan(i * dimension, dimension));
        }

        return (quantizer, rows, codes);
    }

    [Fact]
    public void DecodedValuesAreWithinHalfAStep()
    {
        const int dimension = 24;
        var (quantizer, rows, codes) = Fit(500, dimension);
        for (int at = 0; at < rows.Length; at++)
        {
            int d = at % dimension;
            float step = (quantizer.Max[d] - quantizer.Min[d]) / 254;
            Assert.InRange(Math.Abs(quantizer.Decode(d, codes[at]) - rows[at]), 0, (step / 2) + 1e-5);
        }
    }

    [Fact]
    public void PreparedDistancesEqualDistancesToDecodedVectors()
    {
        const int dimension = 40;
        var (quantizer, rows, codes) = Fit(300, dimension);
        var query = ClusteredVectorGenerator.ForCount(300, dimension, seed: 4).Next(1);
        var transformed = new float[dimension];
        for (int i = 0; i < 300; i++)
        {
            ReadOnlySpan<sbyte> row = codes.AsSpan(i * dimension, dimension);
            var decoded = new float[dimension];
            for (int d = 0; d < dimension; d++)
            {
                decoded[d] = quantizer.Decode(d, row[d]);
            }

            float constant = quantizer.PrepareDot(query, transformed);
            double dot = constant + VectorKernels.DotInt8(transformed, row);
            Assert.Equal(VectorKernels.DotScalar(query, decoded), dot, 0.01);

            quantizer.PrepareL2(query, transformed);
            double l2 = VectorKernels.WeightedSquaredL2Int8(transformed, row, quantizer.Weights);
            Assert.Equal(VectorKernels.SquaredL2Scalar(query, decoded), l2, 0.01);
        }
    }

    [Fact]
    public void WideningReportsOnlyTheDimensionsThatGrew()
    {
        var quantizer = new ScalarQuantizer(3);
        var changed = new bool[3];
        Assert.True(quantizer.Widen([1f, 2f, 3f, -1f, 0f, 5f], changed));
        Assert.Equal([true, true, true], changed);

        changed = new bool[3];
        Assert.False(quantizer.Widen([0f, 1f, 4f], changed));
        Assert.True(quantizer.Widen([0f, 100f, 4f], changed));
        Assert.Equal([false, true, false], changed);
        Assert.True(quantizer.Max[1] >= 100f);
    }
}
