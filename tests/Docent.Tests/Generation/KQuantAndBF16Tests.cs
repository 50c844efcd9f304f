using System.Runtime.InteropServices;
using Docent.Generation;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class KQuantAndBF16Tests
{
    /// <summary>Every K-quant Docent reads.</summary>
    internal static readonly GgufTensorType[] KTypes =
        [GgufTensorType.Q2_K, GgufTensorType.Q3_K, GgufTensorType.Q4_K, GgufTensorType.Q5_K, GgufTensorType.Q6_K, GgufTensorType.Q8_K];

    public static TheoryData<int> Paths() => QuantizedMatrixTests.Paths();

    public static TheoryData<GgufTensorType, int> KTypesAndPaths()
    {
        var data = new TheoryData<GgufTensorType, int>();
        foreach (var type in KTypes)
        {
            foreach (var path in GgmlKernels.Supported())
            {
                data.Add(type, (int)path);
            }
        }

        return data;
    }

    [Fact]
    public void BF16RoundsToNearestEven()
    {
        ushort Round(uint bits) => BitConverter.ToUInt16(GgmlQuantization.Quantize([BitConverter.UInt32BitsToSingle(bits)], GgufTensorType.BF16));

        Assert.Equal(0x3F80, Round(0x3F800000)); // 1.0 exactly
        Assert.Equal(0x3F80, Round(0x3F808000)); // half way, even below: stays
        Assert.Equal(0x3F82, Round(0x3F818000)); // half way, odd below: up to even
        Assert.Equal(0x3F81, Round(0x3F808001)); // just past half way: up
        Assert.Equal(0x3F80, Round(0x3F807FFF)); // just below half way: down
        Assert.Equal(0xBF80, Round(0xBF800000)); // sign kept
        Assert.Equal(0x7F80, Round(0x7F7FFFFF)); // the largest float rounds up to infinity, as ggml's does
        Assert.True(float.IsNaN(GgmlKQuantization.FromBFloat16(Round(0x7FC00001))));
        var back = new float[1];
        GgmlQuantization.Dequantize(BitConverter.GetBytes((ushort)0x4049), GgufTensorType.BF16, back); // 3.140625
        Assert.Equal(3.140625f, back[0]);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ABF16MatrixMatchesDequantiseThenMultiplyOnEveryPath(int pathNumber)
    {
        foreach (var columns in new[] { 7, 16, 64, 1000, 4099 }) // tails past the 16- and 8-wide loops
        {
            const int rows = 9;
            var random = new Random(columns);
            var values = Values(random, rows * columns, 1f);
            var matrix = BF16WeightMatrix.Quantize(values, rows, columns);
            matrix.Path = (KernelPath)pathNumber;
            var x = Values(random, columns, 2f);
            var output = new float[rows];
            matrix.MultiplyRows(x, output, 0);
            var row = new float[columns];
            for (var r = 0; r < rows; r++)
            {
                matrix.ReadRow(r, row);
                double exact = 0, magnitude = 0;
                for (var j = 0; j < columns; j++)
                {
                    Assert.InRange(MathF.Abs(row[j] - values[r * columns + j]), 0f, MathF.Abs(values[r * columns + j]) / 256f); // 8 significant bits
                    exact += (double)row[j] * x[j];
                    magnitude += Math.Abs((double)row[j] * x[j]);
                }

                Assert.InRange(output[r], exact - 1e-5 * magnitude, exact + 1e-5 * magnitude);
            }
        }
    }

    [Fact]
    public void AHandBuiltQ4_KBlockDecodesAsGgmlLaysItOut()
    {
        var block = new byte[144];
        BitConverter.TryWriteBytes(block, (Half)1f); // d
        BitConverter.TryWriteBytes(block.AsSpan(2), (Half)0.5f); // dmin
        var scales = block.AsSpan(4, 12);
        scales[0] = 3; // sub-block 0: scale 3 ...
        scales[4] = 4; // ... min 4
        scales[9] = 0x5 | (0xA << 4); // sub-block 5: scale low bits 5, min low bits 10 ...
        scales[1] = 2 << 6; // ... scale high bits 2 (scale 37)
        scales[5] = 1 << 6; // ... min high bits 1 (min 26)
        var qs = block.AsSpan(16, 128);
        qs[0] = 0x7 | (0x9 << 4); // element 0 (sub-block 0) = 7; element 32 (sub-block 1, scale and min 0) = 9
        qs[64 + 3] = 0xB0; // bytes 64-95 hold sub-blocks 4 (low nibbles) and 5 (high): element 160 + 3 = 11
        var y = new float[256];
        GgmlQuantization.Dequantize(block, GgufTensorType.Q4_K, y);
        Assert.Equal(3 * 7 - 0.5f * 4, y[0]);
        Assert.Equal(-0.5f * 4, y[1]);
        Assert.Equal(0f, y[32]);
        Assert.Equal(37 * 11 - 0.5f * 26, y[163]);
        Assert.Equal(-0.5f * 26, y[160]);
        Assert.Equal(0f, y[128]); // sub-block 4 (scale and min in byte 8, and the low bits of bytes 0 and 4): 0
        Assert.Equal(2, y.Count(v => v != 0 && v != -0.5f * 4 && v != -0.5f * 26)); // only elements 0 and 163 differ from their minimum
    }

    [Fact]
    public void AHandBuiltQ6_KBlockDecodesAsGgmlLaysItOut()
    {
        var block = new byte[210];
        BitConverter.TryWriteBytes(block.AsSpan(208), (Half)0.5f); // d, last
        block[192] = 2; // scale of elements 0-15
        block[192 + 7] = unchecked((byte)-3); // scale of elements 112-127
        block[0] = 0x0C; // element 0: low bits 12 ...
        block[128] = 0x01; // ... high bits 1: q = 28, value 28 - 32 = -4
        block[52] = 0x50; // element 96 + 20: low bits in the high nibble of ql[20 + 32] ...
        block[128 + 20] = 0x80; // ... high bits in bits 6-7 of qh[20]: q = 37, value 5
        var y = new float[256];
        GgmlQuantization.Dequantize(block, GgufTensorType.Q6_K, y);
        Assert.Equal(0.5f * 2 * -4, y[0]);
        Assert.Equal(0.5f * 2 * -32, y[1]); // q = 0 means -32
        Assert.Equal(0.5f * -3 * 5, y[116]);
        Assert.Equal(0.5f * -3 * -32, y[117]);
        Assert.Equal(0f, y[20]); // sub-block 1 has scale 0
        Assert.Equal(0f, y[200]);
    }

    [Theory]
    [InlineData(GgufTensorType.Q4_K)]
    [InlineData(GgufTensorType.Q6_K)]
    public void DequantiseOfQuantiseIsWithinTheFormatsErrorBound(GgufTensorType type)
    {
        var random = new Random(3);
        var x = Values(random, 256 * 12, 1f);
        x.AsSpan(256, 256).Clear(); // an all-zero super-block
        for (var j = 512; j < 768; j++)
        {
            x[j] = 0.25f + (float)random.NextDouble(); // all positive: the minimum is capped at 0
        }

        for (var j = 768; j < 1024; j++)
        {
            x[j] *= j < 800 ? 100f : 0.01f; // one loud sub-block, quiet others
        }

        var encoded = GgmlQuantization.Quantize(x, type);
        Assert.Equal(12 * (type == GgufTensorType.Q4_K ? 144 : 210), encoded.Length);
        var y = new float[x.Length];
        GgmlQuantization.Dequantize(encoded, type, y);
        double squared = 0;
        for (var b = 0; b < 12; b++)
        {
            var super = x.AsSpan(b * 256, 256).ToArray();
            var superMax = super.Max(MathF.Abs);
            var sub = type == GgufTensorType.Q4_K ? 32 : 16;
            float maxScale = 0, maxMin = 0;
            for (var s = 0; s < 256 / sub; s++)
            {
                var part = super.AsSpan(s * sub, sub).ToArray();
                maxScale = MathF.Max(maxScale, (part.Max() - MathF.Min(0, part.Min())) / 15);
                maxMin = MathF.Max(maxMin, -MathF.Min(0, part.Min()));
            }

            for (var s = 0; s < 256 / sub; s++)
            {
                var part = super.AsSpan(s * sub, sub).ToArray();

                // Q4_K: half a step, plus the 6-bit rounding of the scale (over 15 steps) and the minimum against the
                // largest. Q6_K: one step (the value opposite the largest may clamp at 31 where 32 was due), plus the
                // 8-bit rounding of the scale over 32 steps.
                var bound = type == GgufTensorType.Q4_K
                    ? (0.64f * maxScale) + (maxMin / 126f)
                    : (part.Max(MathF.Abs) / 32f * 1.01f) + (superMax / 100f);
                for (var j = 0; j < sub; j++)
                {
                    var i = (b * 256) + (s * sub) + j;
                    Assert.InRange(MathF.Abs(y[i] - x[i]), 0f, bound + 1e-6f);
                    squared += (y[i] - x[i]) * (y[i] - x[i]);
                }
            }
        }

        Assert.All(y.AsSpan(256, 256).ToArray(), v => Assert.Equal(0f, v));

        // On the uniform super-blocks the typical error is about a step / √12: far below the worst-case bound.
        var uniform = Enumerable.Range(0, x.Length).Where(i => i >= 1024).Select(i => (double)(y[i] - x[i]) * (y[i] - x[i])).Average();
        Assert.InRange(Math.Sqrt(uniform), 0, type == GgufTensorType.Q4_K ? 2.0 / 15 / Math.Sqrt(12) * 1.3 : 1.0 / 32 / Math.Sqrt(12) * 1.5);
        Assert.True(squared > 0);
    }

    [Theory]
    [MemberData(nameof(KTypesAndPaths))]
    public void AK_QuantMatrixMatchesItsScalarKernelAndDequantiseThenMultiplyOnEveryPath(GgufTensorType type, int pathNumber)
    {
        const int rows = 11, columns = 256 * 6;
        var random = new Random(7);
        var values = Values(random, rows * columns, 0.7f);
        values[5] = 3f; // a loud value: its sub-block's scale is far above the others'
        var encoded = GgmlQuantization.Quantize(values, type);
        BlockWeightMatrix Make() => KMatrix(type, encoded, rows, columns);
        var matrix = Make();
        matrix.Path = (KernelPath)pathNumber;
        var scalar = Make();
        scalar.Path = KernelPath.Scalar;
        Assert.Equal(type, matrix.Type);
        var dequantised = new float[values.Length];
        GgmlQuantization.Dequantize(encoded, type, dequantised);
        const int count = 3;
        var xs = Values(random, columns * count, 2f);
        xs[40] = -9f;
        var batch = new float[rows * count];
        var expected = new float[rows * count];
        matrix.MultiplyRowsBatch(xs, count, batch, 2, rows - 2);
        scalar.MultiplyRowsBatch(xs, count, expected, 0, rows);
        var single = new float[rows - 3];
        matrix.MultiplyRows(xs.AsSpan(0, columns), single, 3);
        var row = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            matrix.ReadRow(r, row);
            Assert.Equal(dequantised.AsSpan(r * columns, columns).ToArray(), row);
            for (var v = 0; v < count; v++)
            {
                double exact = 0, magnitude = 0, bound = 0;
                for (var b = 0; b < columns / 32; b++)
                {
                    // The kernels multiply x quantised to 8 bits: each element moves by at most half its block's step.
                    var step = xs.Skip((v * columns) + (b * 32)).Take(32).Max(MathF.Abs) / 127f;
                    for (var j = b * 32; j < (b * 32) + 32; j++)
                    {
                        var product = (double)row[j] * xs[(v * columns) + j];
                        exact += product;
                        magnitude += Math.Abs(product);
                        bound += MathF.Abs(row[j]) * step / 2;
                    }
                }

                var reference = expected[(v * rows) + r];
                Assert.InRange(reference, exact - bound - 1e-5 * magnitude, exact + bound + 1e-5 * magnitude);
                if (r >= 2)
                {
                    Assert.InRange(batch[(v * rows) + r], reference - 1e-5 * magnitude, reference + 1e-5 * magnitude);
                }

                if (v == 0 && r >= 3)
                {
                    Assert.Equal(batch[r], single[r - 3]);
                }
            }
        }
    }

    [Theory]
    [InlineData("Q4_K_M", 1)]
    [InlineData("Q3_K_M", 2)] // from token 1 this model's F32 copy meets a near-tie (logits 0.06 apart, below the 8-bit activations' ~0.15)
    [InlineData("Q5_K_M", 1)]
    [InlineData("Q2_K", 1)]
    public void AK_QuantMixedFileGreedyPicksTheSameTokensAsItsDequantisedCopy(string mix, int start)
    {
        using var temp = new TempDirectory();

        // As llama-quantize's mixes, in small: Q4_K_M is Q4_K for most matrices, Q6_K for the output and half the
        // ffn_down/attn_v; Q3_K_M is Q3_K with Q5_K (first layer) or Q4_K attn_v/ffn_down, Q4_K attn_output, Q6_K
        // output; Q5_K_M is Q5_K with Q6_K where Q4_K_M has it; Q2_K is Q2_K with Q3_K/Q4_K attn_v/ffn_down, Q6_K output.
        GgufTensorType Mixed(string name) => (mix, name) switch
        {
            (_, _) when name.EndsWith("norm.weight", StringComparison.Ordinal) || name.EndsWith(".bias", StringComparison.Ordinal) => GgufTensorType.F32,
            (_, "token_embd.weight") => mix == "Q4_K_M" ? GgufTensorType.BF16 : GgufTensorType.Q4_K,
            (_, "output.weight") => GgufTensorType.Q6_K,
            ("Q4_K_M", "blk.0.ffn_down.weight" or "blk.0.attn_v.weight") => GgufTensorType.Q6_K,
            ("Q4_K_M", _) => GgufTensorType.Q4_K,
            ("Q3_K_M", "blk.0.ffn_down.weight" or "blk.0.attn_v.weight") => GgufTensorType.Q5_K,
            ("Q3_K_M", "blk.1.ffn_down.weight" or "blk.1.attn_v.weight" or "blk.0.attn_output.weight" or "blk.1.attn_output.weight") => GgufTensorType.Q4_K,
            ("Q3_K_M", _) => GgufTensorType.Q3_K,
            ("Q5_K_M", "blk.0.ffn_down.weight" or "blk.0.attn_v.weight") => GgufTensorType.Q6_K,
            ("Q5_K_M", _) => GgufTensorType.Q5_K,
            ("Q2_K", "blk.0.attn_v.weight" or "blk.1.attn_v.weight") => GgufTensorType.Q4_K,
            ("Q2_K", "blk.0.ffn_down.weight" or "blk.1.ffn_down.weight") => GgufTensorType.Q3_K,
            _ => GgufTensorType.Q2_K,
        };

        var mostly = Mixed("blk.1.ffn_up.weight");
        var options = new TinyGguf { Architecture = "llama", Biases = false, Dimension = 256, Hidden = 512, Heads = 4, KeyValueHeads = 2, Vocabulary = 64, Context = 64, TensorTypes = Mixed };
        var quantisedPath = options.Write(Path.Combine(temp.Path, "mixed.gguf"));
        var f32Path = (options with { Dequantised = true }).Write(Path.Combine(temp.Path, "f32.gguf"));
        Assert.True(new FileInfo(quantisedPath).Length * 4 < new FileInfo(f32Path).Length);

        using var quantisedFile = GgufFile.Open(quantisedPath);
        Assert.Equal(mix[..4], mostly.ToString());
        Assert.Equal(mostly, quantisedFile.GetMatrix("blk.1.ffn_up.weight").Type);
        Assert.Equal(Mixed("blk.0.attn_v.weight"), quantisedFile.GetMatrix("blk.0.attn_v.weight").Type);
        Assert.Equal(GgufTensorType.Q6_K, quantisedFile.GetMatrix("output.weight").Type);
        Assert.Equal(Mixed("token_embd.weight"), quantisedFile.GetMatrix("token_embd.weight").Type);
        using var f32File = GgufFile.Open(f32Path);
        using var quantised = LlamaModel.Load(quantisedFile);
        using var f32 = LlamaModel.Load(f32File, threadCount: 2);
        var (fromF32, f32Steps) = Greedy(f32, start);
        var quantisedSteps = Forced(quantised, fromF32);
        Assert.True(fromF32.Distinct().Count() > 2, "the greedy run should not be stuck on one token");

        // The K-quant kernels multiply 8-bit activations (one scale per 256, as llama.cpp's do): logits move by a little
        // of their spread, and each step picks the dequantised copy's token unless that copy's top two are closer than
        // twice what the activations can move a logit (a near-tie, which the comparison must not count as a misread).
        var f32Logits = f32Steps[0];
        var quantisedLogits = quantisedSteps[0];
        var spread = f32Logits.Max() - f32Logits.Min();
        var moved = quantisedSteps.Zip(f32Steps, (q, f) => q.Zip(f, (a, b) => MathF.Abs(a - b)).Max()).Max();
        Assert.InRange(moved, 0f, 0.06f * spread);
        var agreed = 0;
        for (var step = 0; step < f32Steps.Length; step++)
        {
            var expected = ArgMax(f32Steps[step]);
            var picked = ArgMax(quantisedSteps[step]);
            agreed += expected == picked ? 1 : 0;
            Assert.True(
                expected == picked || f32Steps[step][expected] - f32Steps[step][picked] < 2 * moved,
                $"step {step}: the quantised model picked {picked} where its dequantised copy's {expected} led by more than the kernels' error");
        }

        Assert.True(agreed >= f32Steps.Length - 2, $"only {agreed} of {f32Steps.Length} steps agreed");

        // The same weights unquantised give other logits: the comparison above would see a misread tensor.
        var original = options with { TensorTypes = null };
        using var originalFile = GgufFile.Open(original.Write(Path.Combine(temp.Path, "original.gguf")));
        using var originalModel = LlamaModel.Load(originalFile);
        var originalLogits = Forced(originalModel, fromF32)[0];
        var kernelError = quantisedLogits.Zip(f32Logits, (a, b) => MathF.Abs(a - b)).Max();
        Assert.True(originalLogits.Zip(f32Logits, (a, b) => MathF.Abs(a - b)).Max() > 1.5f * kernelError, "quantising the weights should move the logits more than the kernels do");

        static (int[] Tokens, float[][] Steps) Greedy(LlamaModel model, int start)
        {
            var tokens = new List<int> { start };
            var steps = new List<float[]>();
            for (var position = 0; position < 12; position++)
            {
                var logits = model.Forward(tokens[^1], position).ToArray();
                steps.Add(logits);
                tokens.Add(ArgMax(logits));
            }

            return ([.. tokens], [.. steps]);
        }

        static float[][] Forced(LlamaModel model, int[] tokens) =>
            [.. Enumerable.Range(0, tokens.Length - 1).Select(position => model.Forward(tokens[position], position).ToArray())];

        static int ArgMax(float[] logits) => Array.IndexOf(logits, logits.Max());
    }

    [Fact]
    public void AK_QuantTensorWhoseRowsAreNotWholeSuperBlocksIsRejected()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "odd.gguf");
        new GgufWriter().Add("general.architecture", "llama").AddRawTensor("odd", new byte[210 * 2], GgufTensorType.Q6_K, 128, 4).Write(path);
        var error = Assert.Throws<InvalidDataException>(() => GgufFile.Open(path));
        Assert.Contains("not whole blocks of 256", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A K-quant matrix of the right class over <paramref name="encoded"/> rows.</summary>
    internal static BlockWeightMatrix KMatrix(GgufTensorType type, ReadOnlySpan<byte> encoded, int rows, int columns) => type switch
    {
        GgufTensorType.Q2_K => new Q2_KWeightMatrix(encoded, rows, columns),
        GgufTensorType.Q3_K => new Q3_KWeightMatrix(encoded, rows, columns),
        GgufTensorType.Q4_K => new Q4_KWeightMatrix(encoded, rows, columns),
        GgufTensorType.Q5_K => new Q5_KWeightMatrix(encoded, rows, columns),
        GgufTensorType.Q6_K => new Q6_KWeightMatrix(encoded, rows, columns),
        GgufTensorType.Q8_K => new Q8_KWeightMatrix(encoded, rows, columns),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static float[] Values(Random random, int count, float scale) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];
}
