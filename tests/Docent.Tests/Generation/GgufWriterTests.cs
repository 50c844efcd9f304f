using Docent.Generation;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class GgufWriterTests
{
    [Fact]
    public void WhatTheWriterWritesTheReaderReadsBack()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "tiny.gguf");
        float[] weights = [1, 2, 3, 4, 5, 6];
        new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("llama.block_count", 2u)
            .Add("llama.rope.freq_base", 500000f)
            .Add("tokenizer.ggml.tokens", new[] { "<unk>", "a" })
            .AddTensor("w", weights, GgufTensorType.F32, 3, 2)
            .AddTensor("h", weights, GgufTensorType.F16, 6)
            .Write(path);

        using var file = GgufFile.Open(path);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal(2, file.GetInteger("llama.block_count"));
        Assert.Equal(500000f, file.GetFloat("llama.rope.freq_base", 0));
        Assert.Equal(["<unk>", "a"], file.GetArray("tokenizer.ggml.tokens"));
        var matrix = file.GetMatrix("w");
        Assert.Equal((2, 3), (matrix.Rows, matrix.Columns));
        var product = new float[2];
        matrix.MultiplyRows([1, 0, 1], product, 0);
        Assert.Equal([4f, 10f], product);
        Assert.Equal(weights, file.ReadFloats("h"));
    }

    [Fact]
    public void Q8AndQ4RoundTripWithinTheirStep()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        // Q8_0 rounds to the nearest of ±127 steps; Q4_0 maps the largest magnitude to -8 and clamps the other side at +7.
        foreach (var (type, steps, tolerance) in new[] { (GgufTensorType.Q8_0, 127f, 0.51f), (GgufTensorType.Q4_0, 8f, 1.01f) })
        {
            var decoded = new float[values.Length];
            GgmlQuantization.Dequantize(GgmlQuantization.Quantize(values, type), type, decoded);
            for (var b = 0; b < 2; b++)
            {
                var block = values.AsSpan(b * 32, 32).ToArray();
                var step = block.Max(MathF.Abs) / steps;
                for (var j = 0; j < 32; j++)
                {
                    Assert.InRange(MathF.Abs(decoded[b * 32 + j] - block[j]), 0, step * tolerance + 1e-3f);
                }
            }
        }
    }
}
