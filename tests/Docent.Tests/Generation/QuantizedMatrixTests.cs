using System.Runtime.InteropServices;
using Docent.Generation;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class QuantizedMatrixTests
{
    /// <summary>Every kernel path this CPU runs (as numbers: the enum is internal).</summary>
    public static TheoryData<int> Paths()
    {
        var data = new TheoryData<int>();
        foreach (var path in GgmlKernels.Supported())
        {
            data.Add((int)path);
        }

        return data;
    }

    [Fact]
    public void HalfToSingleMatchesTheRuntimeForEveryFiniteHalf()
    {
        for (var bits = 0; bits < 65536; bits++)
        {
            var half = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (Half.IsFinite(half))
            {
                Assert.Equal(BitConverter.SingleToUInt32Bits((float)half), BitConverter.SingleToUInt32Bits(GgmlKernels.HalfToSingle((ushort)bits)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryPathQuantisesActivationsToTheSameBytesAsTheScalarReference(int pathNumber)
    {
        var path = (KernelPath)pathNumber;
        var x = Values(new Random(1), 32 * 41, 3f);
        x[5] = 0;
        x.AsSpan(64, 32).Clear(); // an all-zero block: scale 0, no division by zero
        var scalar = new byte[GgmlKernels.ActivationBytes(x.Length)];
        var other = new byte[scalar.Length];
        GgmlKernels.QuantizeActivations(x, scalar, KernelPath.Scalar);
        GgmlKernels.QuantizeActivations(x, other, path);
        Assert.Equal(scalar, other);

        // Each element comes back within half a step of its block's scale.
        var blocks = x.Length / 32;
        var scales = MemoryMarshal.Cast<byte, float>(scalar.AsSpan(0, blocks * 4));
        var sums = MemoryMarshal.Cast<byte, int>(scalar.AsSpan(blocks * 4, blocks * 4));
        for (var b = 0; b < blocks; b++)
        {
            var sum = 0;
            for (var j = 0; j < 32; j++)
            {
                var q = (sbyte)scalar[blocks * 8 + b * 32 + j];
                sum += q;
                Assert.InRange(MathF.Abs(q * scales[b] - x[b * 32 + j]), 0f, scales[b] * 0.5001f + 1e-7f);
            }

            Assert.Equal(sum, sums[b]);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void BlockKernelsMatchTheScalarReference(int pathNumber)
    {
        var path = (KernelPath)pathNumber;
        var random = new Random(2);
        foreach (var blocks in new[] { 1, 2, 3, 9, 24, 67, 300 }) // 300: past the kernels' 256-block scale chunks
        {
            var n = blocks * 32;
            var x = Values(random, n, 2f);
            var activations = new byte[GgmlKernels.ActivationBytes(n)];
            GgmlKernels.QuantizeActivations(x, activations, KernelPath.Scalar);
            var w = Values(random, n, 0.5f);
            w[3] = -0.5f; // a weight quantising to -127, and in Q8 a block with one -128 byte below
            var q8 = GgmlQuantization.Quantize(w, GgufTensorType.Q8_0);
            q8[2 + 7] = 0x80;
            var q4 = GgmlQuantization.Quantize(w, GgufTensorType.Q4_0);
            foreach (var (row, kernel, blockBytes) in new[] { (q8, (Kernel)GgmlKernels.DotQ8, 34), (q4, GgmlKernels.DotQ4, 18) })
            {
                var reference = kernel(row, activations, KernelPath.Scalar);
                var fast = kernel(row, activations, path);

                // Integer block sums are exact on every path; only the order of the float accumulation differs, so
                // the paths agree to float rounding relative to Σ over blocks of |block dot × scales|.
                var magnitude = 0f;
                for (var b = 0; b < blocks; b++)
                {
                    var one = new byte[GgmlKernels.ActivationBytes(32)];
                    activations.AsSpan(b * 4, 4).CopyTo(one);
                    activations.AsSpan(blocks * 4 + b * 4, 4).CopyTo(one.AsSpan(4));
                    activations.AsSpan(blocks * 8 + b * 32, 32).CopyTo(one.AsSpan(8));
                    magnitude += MathF.Abs(kernel(row.AsSpan(b * blockBytes, blockBytes), one, KernelPath.Scalar));
                }

                Assert.InRange(MathF.Abs(fast - reference), 0f, 1e-5f * magnitude + 1e-6f);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void TheFloatDotMatchesTheScalarReference(int pathNumber)
    {
        var path = (KernelPath)pathNumber;
        var random = new Random(4);
        foreach (var n in new[] { 1, 7, 33, 100, 768, 2051 })
        {
            var a = Values(random, n, 1f);
            var b = Values(random, n, 1f);
            var reference = GgmlKernels.DotF32(a, b, KernelPath.Scalar);
            var magnitude = a.Zip(b, (u, v) => MathF.Abs(u * v)).Sum();
            Assert.InRange(MathF.Abs(GgmlKernels.DotF32(a, b, path) - reference), 0f, 1e-5f * magnitude);
        }
    }

    [Theory]
    [InlineData(GgufTensorType.Q8_0)]
    [InlineData(GgufTensorType.Q4_0)]
    public void ABlockMatrixMatchesDequantiseThenMultiply(GgufTensorType type)
    {
        const int rows = 37, columns = 32 * 23;
        var random = new Random(5);
        var values = Values(random, rows * columns, 1f);
        var encoded = GgmlQuantization.Quantize(values, type);
        WeightMatrix matrix = type == GgufTensorType.Q8_0 ? new Q8_0WeightMatrix(encoded, rows, columns) : new Q4_0WeightMatrix(encoded, rows, columns);
        var dequantised = new float[values.Length];
        GgmlQuantization.Dequantize(encoded, type, dequantised);
        var x = Values(random, columns, 2f);
        var output = new float[rows];
        matrix.MultiplyRows(x, output, 0);
        for (var r = 0; r < rows; r++)
        {
            double exact = 0, bound = 0;
            for (var b = 0; b < columns / 32; b++)
            {
                // The kernel multiplies x quantised to 8 bits: each element moves by at most half its block's step
                // (max|x| / 127 / 2), so the row's result moves by at most that times the block's Σ|w|.
                var step = x.Skip(b * 32).Take(32).Max(MathF.Abs) / 127f;
                for (var j = b * 32; j < b * 32 + 32; j++)
                {
                    var w = dequantised[r * columns + j];
                    exact += (double)w * x[j];
                    bound += MathF.Abs(w) * (step / 2 + 1e-5f * MathF.Abs(x[j]));
                }
            }

            Assert.InRange(output[r], exact - bound, exact + bound);
        }
    }

    [Fact]
    public void AnF16MatrixMatchesWidenThenMultiply()
    {
        const int rows = 19, columns = 4500; // wider than the stack buffer the kernel widens rows into
        var random = new Random(6);
        var halves = Values(random, rows * columns, 1f).Select(v => (Half)v).ToArray();
        var matrix = new F16WeightMatrix(halves, rows, columns);
        var x = Values(random, columns, 1f);
        var output = new float[rows];
        matrix.MultiplyRows(x, output, 0);
        var row = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            matrix.ReadRow(r, row);
            Assert.Equal((float)halves[r * columns + 17], row[17]);
            double exact = 0, magnitude = 0;
            for (var j = 0; j < columns; j++)
            {
                exact += (double)(float)halves[r * columns + j] * x[j];
                magnitude += Math.Abs((float)halves[r * columns + j] * x[j]);
            }

            Assert.InRange(output[r], exact - 1e-5 * magnitude, exact + 1e-5 * magnitude); // float rounding only
        }
    }

    [Theory]
    [InlineData(GgufTensorType.F32)]
    [InlineData(GgufTensorType.F16)]
    [InlineData(GgufTensorType.Q8_0)]
    [InlineData(GgufTensorType.Q4_0)]
    [InlineData(GgufTensorType.BF16)]
    [InlineData(GgufTensorType.Q4_K)]
    [InlineData(GgufTensorType.Q6_K)]
    [InlineData(GgufTensorType.Q2_K)]
    [InlineData(GgufTensorType.Q3_K)]
    [InlineData(GgufTensorType.Q5_K)]
    [InlineData(GgufTensorType.Q8_K)]
    public void BatchesAndThreadCountsGiveExactlyThePerVectorResults(GgufTensorType type)
    {
        const int rows = 101, count = 5; // rows not a multiple of any thread count used
        var columns = GgmlQuantization.ElementsPerBlock(type) == 256 ? 256 * 3 : 32 * 9;
        var random = new Random(7);
        var matrix = Matrix(type, Values(random, rows * columns, 1f), rows, columns);
        var xs = Values(random, columns * count, 1f);
        var single = new float[rows * count];
        for (var b = 0; b < count; b++)
        {
            matrix.MultiplyRows(xs.AsSpan(b * columns, columns), single.AsSpan(b * rows, rows), 0);
        }

        foreach (var threads in new[] { 1, 2, 3, 4 })
        {
            using var multiplier = new MatrixMultiplier(threads);
            var batch = new float[rows * count];
            multiplier.MultiplyBatch(matrix, xs, count, batch);
            Assert.Equal(single, batch);
            var one = new float[rows];
            for (var b = 0; b < count; b++)
            {
                multiplier.Multiply(matrix, xs.AsSpan(b * columns, columns), one);
                Assert.Equal(single.AsSpan(b * rows, rows).ToArray(), one);
            }
        }

        // The default batch (a loop over MultiplyRows) agrees with the overrides on a partial row range too.
        var partial = new float[rows * count];
        matrix.MultiplyRowsBatch(xs, count, partial, 10, 50);
        for (var b = 0; b < count; b++)
        {
            Assert.Equal(single.AsSpan(b * rows + 10, 50).ToArray(), partial.AsSpan(b * rows + 10, 50).ToArray());
            Assert.Equal(0f, partial[b * rows + 9]);
        }
    }

    public static TheoryData<GgufTensorType, int> FourVectorTypesAndPaths()
    {
        var data = new TheoryData<GgufTensorType, int>();
        foreach (var type in new[] { GgufTensorType.Q8_0, GgufTensorType.Q4_0, GgufTensorType.Q4_K, GgufTensorType.Q6_K })
        {
            foreach (var path in GgmlKernels.Supported())
            {
                data.Add(type, (int)path);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FourVectorTypesAndPaths))]
    public void FourVectorKernelsGiveBitForBitTheSingleVectorResultsOnEveryPath(GgufTensorType type, int pathNumber)
    {
        // 9 vectors: two groups of four and one left over; an odd number of Q8_0 blocks exercises the AVX-512 pair loop's tail.
        const int rows = 37, count = 9;
        var superBlocks = GgmlQuantization.ElementsPerBlock(type) == 256;
        foreach (var columns in superBlocks ? new[] { 256, 256 * 3 } : new[] { 32 * 9, 32 * 300 })
        {
            var random = new Random(columns + pathNumber);
            var matrix = (BlockWeightMatrix)Matrix(type, Values(random, rows * columns, 0.05f), rows, columns);
            matrix.Path = (KernelPath)pathNumber;
            var xs = Values(random, columns * count, 1f);
            var batch = new float[rows * count];
            matrix.MultiplyRowsBatch(xs, count, batch, 0, rows);
            var single = new float[rows];
            for (var b = 0; b < count; b++)
            {
                matrix.MultiplyRows(xs.AsSpan(b * columns, columns), single, 0);
                Assert.Equal(single, batch.AsSpan(b * rows, rows).ToArray());
            }
        }
    }

    [Fact]
    public void TheWorkerPoolSurvivesManySmallProductsAndReportsFailures()
    {
        var random = new Random(8);
        var matrix = new F32WeightMatrix(Values(random, 64 * 32, 1f), 64, 32);
        var x = Values(random, 32, 1f);
        var expected = new float[64];
        matrix.MultiplyRows(x, expected, 0);
        using var multiplier = new MatrixMultiplier(2);
        var output = new float[64];
        for (var i = 0; i < 2000; i++)
        {
            output.AsSpan().Clear();
            multiplier.Multiply(matrix, x, output);
            Assert.Equal(expected, output);
        }

        var thrower = new ThrowingMatrix(64, 32);
        Assert.Throws<InvalidOperationException>(() => multiplier.Multiply(thrower, x, output));
        multiplier.Multiply(matrix, x, output); // still usable afterwards
        Assert.Equal(expected, output);
    }

    [Fact]
    public void GgufFileReadsQuantisedTensorsInPlace()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "q.gguf");
        var random = new Random(9);
        var values = Values(random, 64 * 3, 1f);
        new GgufWriter()
            .Add("general.architecture", "llama")
            .AddTensor("q8", values, GgufTensorType.Q8_0, 64, 3)
            .AddTensor("q4", values, GgufTensorType.Q4_0, 64, 3)
            .AddTensor("f16", values, GgufTensorType.F16, 64, 3)
            .Write(path);
        using var file = GgufFile.Open(path);
        var q8 = Assert.IsType<Q8_0WeightMatrix>(file.GetMatrix("q8"));
        var q4 = Assert.IsType<Q4_0WeightMatrix>(file.GetMatrix("q4"));
        var f16 = Assert.IsType<F16WeightMatrix>(file.GetMatrix("f16"));
        Assert.Same(file, q8.Owner); // the mapping itself, not a copy
        Assert.Same(file, q4.Owner);
        Assert.Same(file, f16.Owner);
        Assert.Equal((3, 64), (q8.Rows, q8.Columns));
        foreach (var (name, type) in new[] { ("q8", GgufTensorType.Q8_0), ("q4", GgufTensorType.Q4_0), ("f16", GgufTensorType.F16) })
        {
            var expected = new float[values.Length];
            GgmlQuantization.Dequantize(GgmlQuantization.Quantize(values, type), type, expected);
            Assert.Equal(expected, file.ReadFloats(name));
            var row = new float[64];
            file.GetMatrix(name).ReadRow(2, row);
            Assert.Equal(expected.AsSpan(128, 64).ToArray(), row);
        }
    }

    [Fact]
    public void AnUnsupportedTensorTypeIsRejectedNamingTheTensorAndTheType()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "k.gguf");
        new GgufWriter().Add("general.architecture", "llama").AddRawTensor("blk.0.ffn_down.weight", new byte[66], (GgufTensorType)16, 256).Write(path);
        var error = Assert.Throws<InvalidDataException>(() => GgufFile.Open(path));
        Assert.Contains("blk.0.ffn_down.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("GGML type IQ2_XXS (16), which is not supported yet", error.Message, StringComparison.Ordinal);
        Assert.Equal("unknown (99)", GgmlQuantization.TypeName(99));
    }

    [Fact]
    public void ABlockTensorWhoseRowsAreNotWholeBlocksIsRejected()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "odd.gguf");
        new GgufWriter().Add("general.architecture", "llama").AddRawTensor("odd", new byte[34 * 3], GgufTensorType.Q8_0, 48, 2).Write(path);
        var error = Assert.Throws<InvalidDataException>(() => GgufFile.Open(path));
        Assert.Contains("'odd'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not whole blocks of 32", error.Message, StringComparison.Ordinal);
    }

    internal static WeightMatrix Matrix(GgufTensorType type, float[] values, int rows, int columns) => type switch
    {
        GgufTensorType.F32 => new F32WeightMatrix(values, rows, columns),
        GgufTensorType.F16 => new F16WeightMatrix(values.Select(v => (Half)v).ToArray(), rows, columns),
        GgufTensorType.Q8_0 => Q8_0WeightMatrix.Quantize(values, rows, columns),
        GgufTensorType.BF16 => BF16WeightMatrix.Quantize(values, rows, columns),
        GgufTensorType.Q4_K => Q4_KWeightMatrix.Quantize(values, rows, columns),
        GgufTensorType.Q6_K => Q6_KWeightMatrix.Quantize(values, rows, columns),
        GgufTensorType.Q2_K => Q2_KWeightMatrix.Quantize(values, rows, columns),
        GgufTensorType.Q3_K => Q3_KWeightMatrix.Quantize(values, rows, columns),
        GgufTensorType.Q5_K => Q5_KWeightMatrix.Quantize(values, rows, columns),
        GgufTensorType.Q8_K => Q8_KWeightMatrix.Quantize(values, rows, columns),
        _ => new Q4_0WeightMatrix(GgmlQuantization.Quantize(values, type), rows, columns),
    };

    private static float[] Values(Random random, int count, float scale) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();

    private delegate float Kernel(ReadOnlySpan<byte> row, ReadOnlySpan<byte> activations, KernelPath path);

    private sealed class ThrowingMatrix(int rows, int columns) : WeightMatrix(rows, columns)
    {
        public override GgufTensorType Type => GgufTensorType.F32;

        public override void MultiplyRows(ReadOnlySpan<float> x, Span<float> output, int rowStart) =>
            throw new InvalidOperationException($"rows from {rowStart}");

        public override void ReadRow(int row, Span<float> destination) => throw new InvalidOperationException();
    }
}
