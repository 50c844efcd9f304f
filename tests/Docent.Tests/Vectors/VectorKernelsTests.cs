using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class VectorKernelsTests
{
    public static TheoryData<int> Lengths => [1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 100, 128, 384, 385, 1024];

    private static float[] RandomVector(Random random, int length, float scale = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        return values;
    }

    private static sbyte[] RandomCodes(Random random, int length)
    {
        var codes = new sbyte[length];
        for (int i = 0; i < length; i++)
        {
            codes[i] = (sbyte)random.Next(-127, 128);
        }

        return codes;
    }

    private static void AssertClose(float expected, float actual, double magnitude)
    {
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, magnitude), $"expected {expected}, got {actual}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SimdDotMatchesScalar(int length)
    {
        var random = new Random(length);
        var a = RandomVector(random, length);
        var b = RandomVector(random, length);
        AssertClose(VectorKernels.DotScalar(a, b), VectorKernels.Dot(a, b), length);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void UnrolledRowDotMatchesScalar(int length)
    {
        var random = new Random(200 + length);
        var a = RandomVector(random, length);
        var b = RandomVector(random, length);
        AssertClose(VectorKernels.DotScalar(a, b), VectorKernels.DotRow(a, b), length);

        // Inside a larger array, as graph search reads rows (an unaligned start, values beyond the row ignored).
        var rows = RandomVector(random, (3 * length) + 1);
        a.CopyTo(rows, length + 1);
        AssertClose(VectorKernels.DotScalar(a, b), VectorKernels.DotRow(rows.AsSpan(length + 1, length), b), length);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SimdSquaredL2MatchesScalar(int length)
    {
        var random = new Random(100 + length);
        var a = RandomVector(random, length, 3f);
        var b = RandomVector(random, length, 3f);
        AssertClose(VectorKernels.SquaredL2Scalar(a, b), VectorKernels.SquaredL2(a, b), 9.0 * length);
        Assert.Equal(0f, VectorKernels.SquaredL2(a, a));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SimdInt8KernelsMatchScalar(int length)
    {
        var random = new Random(200 + length);
        var query = RandomVector(random, length, 50f);
        var weights = RandomVector(random, length, 0.01f).Select(Math.Abs).ToArray();
        var codes = RandomCodes(random, length);
        AssertClose(VectorKernels.DotInt8Scalar(query, codes), VectorKernels.DotInt8(query, codes), 50.0 * 127 * length);
        AssertClose(
            VectorKernels.WeightedSquaredL2Int8Scalar(query, codes, weights),
            VectorKernels.WeightedSquaredL2Int8(query, codes, weights),
            0.01 * 180 * 180 * length);
    }

    [Fact]
    public void LengthMismatchThrows()
    {
        Assert.Throws<ArgumentException>(() => VectorKernels.SquaredL2(new float[4], new float[5]));
        Assert.Throws<ArgumentException>(() => VectorKernels.DotInt8(new float[4], new sbyte[5]));
    }

    [Fact]
    public void NormalizeGivesUnitLengthAndLeavesZeroAlone()
    {
        float[] v = [3, 4];
        VectorKernels.Normalize(v);
        Assert.Equal(0.6f, v[0], 6);
        Assert.Equal(0.8f, v[1], 6);
        float[] zero = [0, 0, 0];
        VectorKernels.Normalize(zero);
        Assert.All(zero, x => Assert.Equal(0f, x));
    }
}
