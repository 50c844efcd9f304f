using System.Runtime.InteropServices;
using Docent.Generation;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

/// <summary>The byte layouts and quantisers of Q2_K, Q3_K, Q5_K and Q8_K (their kernels are held to the scalar references in <see cref="KQuantAndBF16Tests"/>).</summary>
public sealed class KQuantTypesTests
{
    [Fact]
    public void AHandBuiltQ2_KBlockDecodesAsGgmlLaysItOut()
    {
        var block = new byte[84];
        block[0] = 3 | (4 << 4); // elements 0-15: scale 3, min 4
        block[5] = 7 | (1 << 4); // elements 80-95: scale 7, min 1
        block[10] = 2; // elements 160-175: scale 2, min 0
        BitConverter.TryWriteBytes(block.AsSpan(80), (Half)1f); // d
        BitConverter.TryWriteBytes(block.AsSpan(82), (Half)0.5f); // dmin
        var qs = block.AsSpan(16, 64);
        qs[0] = 2; // element 0: bits 0-1 of byte 0
        qs[21] = 3 << 4; // element 85 = 2·32 + 21: bits 4-5 of byte 21
        qs[32] = 1 << 2; // element 160 = 128 + 32: the second 128's bytes, bits 2-3
        var y = new float[256];
        GgmlQuantization.Dequantize(block, GgufTensorType.Q2_K, y);
        Assert.Equal((3 * 2) - (0.5f * 4), y[0]);
        Assert.Equal(-0.5f * 4, y[1]);
        Assert.Equal((7 * 3) - 0.5f, y[85]);
        Assert.Equal(-0.5f, y[84]);
        Assert.Equal(2f, y[160]);
        Assert.Equal(0f, y[161]);
        Assert.Equal(0f, y[21]); // byte 21's bits 0-1 belong to element 21 (scale and min 0)
        Assert.Equal(0f, y[128]); // byte 32's bits 0-1: element 128
    }

    [Fact]
    public void AHandBuiltQ3_KBlockDecodesAsGgmlLaysItOut()
    {
        var block = new byte[110];
        var packed = block.AsSpan(96, 12);
        packed[0] = 0x05; // scale 0 stored 37 (signed 5): low bits 5 in byte 0's low nibble ...
        packed[8] = 2; // ... high bits 2 in byte 8, bits 0-1
        packed[5] = 9 << 4; // scale 13 stored 25 (signed −7): low bits 9 in byte 5's high nibble ...
        packed[9] = 1 << 6; // ... high bits 1 in byte 8 + 13 % 4, bits 2·(13 / 4)
        BitConverter.TryWriteBytes(block.AsSpan(108), (Half)0.5f); // d, last
        block[32] = 3; // element 0: low bits 3 ...
        block[0] = 1; // ... high bit set: level 3
        block[32 + 32 + 18] = 1 << 4; // element 210 = 128 + 2·32 + 18: low bits 1 in the second 128's byte 18, bits 4-5 ...
        block[18] = 1 << 6; // ... its high bit in mask byte 18, bit 210 / 32: level 1
        var y = new float[256];
        GgmlQuantization.Dequantize(block, GgufTensorType.Q3_K, y);
        Assert.Equal(0.5f * 5 * 3, y[0]);
        Assert.Equal(0.5f * 5 * -4, y[1]); // nothing set: level −4
        Assert.Equal(0.5f * -7 * 1, y[210]);
        Assert.Equal(0.5f * -7 * -4, y[211]);
        Assert.Equal(0.5f * -32 * -4, y[16]); // scale 1 stored 0 means −32
    }

    [Fact]
    public void AHandBuiltQ5_KBlockDecodesAsGgmlLaysItOut()
    {
        var block = new byte[176];
        BitConverter.TryWriteBytes(block, (Half)1f); // d
        BitConverter.TryWriteBytes(block.AsSpan(2), (Half)0.5f); // dmin
        var packed = block.AsSpan(4, 12); // as Q4_K's
        packed[0] = 3; // sub-block 0: scale 3 ...
        packed[4] = 4; // ... min 4
        packed[9] = 0x5 | (0xA << 4); // sub-block 5: scale low bits 5, min low bits 10 ...
        packed[1] = 2 << 6; // ... scale high bits 2 (scale 37)
        packed[5] = 1 << 6; // ... min high bits 1 (min 26)
        var high = block.AsSpan(16, 32);
        var qs = block.AsSpan(48, 128);
        qs[0] = 7; // element 0: nibble 7 ...
        high[0] = 1; // ... fifth bit in mask byte 0, bit 0: 23
        qs[64 + 3] = 0xB0; // element 160 + 3 (sub-block 5, the high nibbles of bytes 64-95): 11 ...
        high[3] = 1 << 5; // ... fifth bit in mask byte 3, bit 5: 27
        var y = new float[256];
        GgmlQuantization.Dequantize(block, GgufTensorType.Q5_K, y);
        Assert.Equal((3 * 23) - (0.5f * 4), y[0]);
        Assert.Equal(-0.5f * 4, y[1]);
        Assert.Equal((37 * 27) - (0.5f * 26), y[163]);
        Assert.Equal(-0.5f * 26, y[160]);
        Assert.Equal(0f, y[32]);
        Assert.Equal(-0.5f * 4, y[3]); // mask byte 3's bit 0 is element 3's: clear, so nibble 0 less the minimum
    }

    [Fact]
    public void AHandBuiltQ8_KBlockDecodesAsGgmlLaysItOutAndItsQuantiserWritesTheSums()
    {
        var block = new byte[292];
        BitConverter.TryWriteBytes(block, 0.25f); // float32 d
        block[4 + 7] = unchecked((byte)-100);
        var y = new float[256];
        GgmlQuantization.Dequantize(block, GgufTensorType.Q8_K, y);
        Assert.Equal(-25f, y[7]);
        Assert.Equal(1, y.Count(v => v != 0));

        var x = Enumerable.Range(0, 256).Select(i => MathF.Sin(i * 0.37f) * 3).ToArray();
        var encoded = GgmlQuantization.Quantize(x, GgufTensorType.Q8_K);
        for (var j = 0; j < 16; j++)
        {
            var sum = Enumerable.Range(0, 16).Sum(l => (int)(sbyte)encoded[4 + (j * 16) + l]);
            Assert.Equal(sum, BitConverter.ToInt16(encoded, 260 + (j * 2)));
        }

        Assert.Contains(encoded.AsSpan(4, 256).ToArray(), b => (sbyte)b == -127); // the value of largest magnitude maps to −127
    }

    [Theory]
    [InlineData(GgufTensorType.Q2_K, 84)]
    [InlineData(GgufTensorType.Q3_K, 110)]
    [InlineData(GgufTensorType.Q5_K, 176)]
    [InlineData(GgufTensorType.Q8_K, 292)]
    public void DequantiseOfQuantiseIsWithinTheFormatsErrorBound(GgufTensorType type, int blockBytes)
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 256 * 12).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
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
        Assert.Equal(12 * blockBytes, encoded.Length);
        Assert.Equal(blockBytes, GgmlQuantization.BlockBytes(type));
        Assert.Equal(256, GgmlQuantization.ElementsPerBlock(type));
        var y = new float[x.Length];
        GgmlQuantization.Dequantize(encoded, type, y);
        var sub = type is GgufTensorType.Q5_K ? 32 : 16;
        for (var b = 0; b < 12; b++)
        {
            var super = x.AsSpan(b * 256, 256).ToArray();
            var superMax = super.Max(MathF.Abs);
            float maxStep = 0, maxMin = 0;
            var steps = type == GgufTensorType.Q2_K ? 3 : 31;
            for (var s = 0; s < 256 / sub; s++)
            {
                var part = super.AsSpan(s * sub, sub).ToArray();
                maxStep = MathF.Max(maxStep, (part.Max() - MathF.Min(0, part.Min())) / steps);
                maxMin = MathF.Max(maxMin, -MathF.Min(0, part.Min()));
            }

            for (var s = 0; s < 256 / sub; s++)
            {
                var part = super.AsSpan(s * sub, sub).ToArray();

                // Q2_K and Q5_K: half a step, plus the rounding of the scale (4 or 6 bits, over 3 or 31 steps) and of
                // the minimum against the largest. Q3_K: one step (the value opposite the largest may clamp at 3 where
                // 4 was due), plus the 6-bit rounding of the scale over 4 steps. Q8_K: half a step of 1/127.
                var bound = type switch
                {
                    GgufTensorType.Q2_K => (0.6f * maxStep) + (maxMin / 30f),
                    GgufTensorType.Q5_K => (0.75f * maxStep) + (maxMin / 126f),
                    GgufTensorType.Q3_K => (part.Max(MathF.Abs) / 4f * 1.01f) + (superMax / 60f),
                    _ => superMax / 254f * 1.01f,
                };
                for (var j = 0; j < sub; j++)
                {
                    var i = (b * 256) + (s * sub) + j;
                    Assert.InRange(MathF.Abs(y[i] - x[i]), 0f, bound + 1e-6f);
                }
            }
        }

        Assert.All(y.AsSpan(256, 256).ToArray(), v => Assert.Equal(0f, v));

        // On the uniform super-blocks the typical error is about a step / √12 (a step of 2/levels on values in −1..1).
        var uniform = Enumerable.Range(1024, x.Length - 1024).Select(i => (double)(y[i] - x[i]) * (y[i] - x[i])).Average();
        var levels = type switch { GgufTensorType.Q2_K => 3.0, GgufTensorType.Q3_K => 8.0, GgufTensorType.Q5_K => 31.0, _ => 254.0 };
        Assert.InRange(Math.Sqrt(uniform), 0.2 / levels / Math.Sqrt(12), 2.0 / levels / Math.Sqrt(12) * 1.5);
    }

    /// <summary>
    /// Every K-quant against llama.cpp's own ggml (its libggml-base.so from LLamaSharp's CPU backend, which the llama.cpp
    /// benchmark peer bench/Docent.Benchmarks.LlamaCpp carries and this project builds; or one <c>DOCENT_GGML_BASE</c>
    /// names; skipped only off Linux x64): ggml decodes our blocks to our
    /// values, we decode ggml's reference quantiser's blocks to ggml's values, and our simple quantisers come within
    /// half as much error again as ggml's.
    /// </summary>
    [GgmlLibraryFact]
    public void TheK_QuantsMatchLlamaCppsGgmlBothWays()
    {
        var library = NativeLibrary.Load(
            GgmlLibraryFactAttribute.Find() ?? throw new InvalidOperationException("libggml-base.so is missing from bench/Docent.Benchmarks.LlamaCpp's build output: build Docent.slnx first"));
        try
        {
            var random = new Random(5);
            var x = new float[256 * 64];
            for (var i = 0; i < x.Length; i++)
            {
                var block = i / 256;
                x[i] = (float)(((random.NextDouble() * 2) - 1) * (block % 7 == 3 ? 50 : 1)) + (block % 5 == 1 ? 0.8f : 0); // loud and shifted super-blocks
            }

            x.AsSpan(512, 256).Clear();
            foreach (var type in KQuantAndBF16Tests.KTypes)
            {
                var name = $"q{type.ToString()[1]}_K";
                var ggmlDequantize = Marshal.GetDelegateForFunctionPointer<DequantizeRow>(NativeLibrary.GetExport(library, $"dequantize_row_{name}"));
                var ggmlQuantize = Marshal.GetDelegateForFunctionPointer<QuantizeRow>(NativeLibrary.GetExport(library, $"quantize_row_{name}_ref"));

                var ours = GgmlQuantization.Quantize(x, type);
                var ourValues = new float[x.Length];
                GgmlQuantization.Dequantize(ours, type, ourValues);
                var ggmlOfOurs = new float[x.Length];
                ggmlDequantize(ours, ggmlOfOurs, x.Length);
                AssertClose(ggmlOfOurs, ourValues, type);

                var theirs = new byte[ours.Length];
                ggmlQuantize(x, theirs, x.Length);
                var ggmlValues = new float[x.Length];
                ggmlDequantize(theirs, ggmlValues, x.Length);
                var oursOfTheirs = new float[x.Length];
                GgmlQuantization.Dequantize(theirs, type, oursOfTheirs);
                AssertClose(ggmlValues, oursOfTheirs, type);

                double Rms(float[] y) => Math.Sqrt(x.Zip(y, (a, b) => (double)(a - b) * (a - b)).Average());
                Assert.True(Rms(ourValues) < 1.5 * Rms(ggmlValues), $"{type}: our quantiser's error {Rms(ourValues)} against ggml's {Rms(ggmlValues)}");
            }
        }
        finally
        {
            NativeLibrary.Free(library);
        }

        static void AssertClose(float[] expected, float[] actual, GgufTensorType type)
        {
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-6f * MathF.Abs(expected[i]), $"{type} element {i}: ggml {expected[i]}, Docent {actual[i]}");
            }
        }
    }

    [Fact]
    public void GgufFileReadsTheNewK_QuantsInPlace()
    {
        using var temp = new Docent.Tests.TestSupport.TempDirectory();
        var path = Path.Combine(temp.Path, "k.gguf");
        var random = new Random(11);
        var values = Enumerable.Range(0, 512 * 3).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var types = new[] { GgufTensorType.Q2_K, GgufTensorType.Q3_K, GgufTensorType.Q5_K, GgufTensorType.Q8_K };
        var writer = new GgufWriter().Add("general.architecture", "llama");
        foreach (var type in types)
        {
            writer.AddTensor(type.ToString(), values, type, 512, 3);
        }

        writer.Write(path);
        using var file = GgufFile.Open(path);
        foreach (var type in types)
        {
            var matrix = Assert.IsAssignableFrom<BlockWeightMatrix>(file.GetMatrix(type.ToString()));
            Assert.Equal(type, matrix.Type);
            Assert.Same(file, matrix.Owner); // the mapping itself, not a copy
            Assert.Equal((3, 512), (matrix.Rows, matrix.Columns));
            var expected = new float[values.Length];
            GgmlQuantization.Dequantize(GgmlQuantization.Quantize(values, type), type, expected);
            Assert.Equal(expected, file.ReadFloats(type.ToString()));
            var row = new float[512];
            matrix.ReadRow(2, row);
            Assert.Equal(expected.AsSpan(1024, 512).ToArray(), row);
        }
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void DequantizeRow(byte[] blocks, [Out] float[] values, long count);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void QuantizeRow(float[] values, [Out] byte[] blocks, long count);

    /// <summary>A fact that runs where llama.cpp's libggml-base.so is found (<see cref="Find"/>): Linux x64 after a build.</summary>
    private sealed class GgmlLibraryFactAttribute : FactAttribute
    {
        public const string Variable = "DOCENT_GGML_BASE";

        public GgmlLibraryFactAttribute()
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)) && !(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64))
            {
                Skip = $"llama.cpp's Linux x64 library cannot load on {RuntimeInformation.RuntimeIdentifier} ({Variable} names another)";
            }
        }

        /// <summary><see cref="Variable"/>'s file, else the AVX2 build of libggml-base.so beside the llama.cpp peer (Linux x64 only).</summary>
        public static string? Find()
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
            {
                return given;
            }

            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            {
                return null;
            }

            var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);
            var path = Path.Combine(
                RepositoryPaths.Root(), "bench", "Docent.Benchmarks.LlamaCpp", "bin", configuration, "net10.0", "runtimes", "linux-x64", "native", "avx2", "libggml-base.so");
            return File.Exists(path) ? path : null;
        }
    }
}
