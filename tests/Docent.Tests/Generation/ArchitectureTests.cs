using Docent.Generation;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

/// <summary>
/// Each architecture <see cref="LlamaModel"/> supports (llama 3, Mistral, qwen2, qwen3, gemma, gemma2, gemma3, phi3) against
/// <see cref="ReferenceLlama"/>'s plain forward pass, layer by layer, with prompts longer than the sliding windows and
/// the soft caps binding; and the clear failures for what is missing or unsupported.
/// </summary>
public sealed class ArchitectureTests
{
    private const double Tolerance = 1e-4;
    private const string Names = "llama3 mistral qwen2 qwen3 gemma gemma2 gemma3 phi3 phi3-partial phi3-longrope";

    // 20 tokens: past the windows of 6 the tiny sliding-window files use.
    private static readonly int[] Tokens = [1, 7, 22, 3, 39, 15, 8, 30, 2, 11, 19, 27, 5, 33, 14, 9, 25, 36, 4, 17];

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Names.Split(' '))
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryLayerMatchesTheScalarReference(string name, bool batched)
    {
        using var temp = new TempDirectory();
        using var file = GgufFile.Open(TinyGguf.For(name).Write(Path.Combine(temp.Path, name + ".gguf")));
        using var model = LlamaModel.Load(file, threadCount: batched ? 3 : 1);
        var seen = new float[Tokens.Length][][];
        for (var i = 0; i < seen.Length; i++)
        {
            seen[i] = new float[model.LayerCount][];
        }

        model.LayerOutputObserver = (layer, position, hidden) => seen[position][layer] = hidden.ToArray();
        var logits = Run(model, Tokens, batched);
        var reference = new ReferenceLlama(file);
        var (expectedLayers, expectedLogits) = reference.Run(Tokens);

        double worst = 0;
        for (var position = 0; position < Tokens.Length; position++)
        {
            for (var layer = 0; layer < model.LayerCount; layer++)
            {
                Assert.NotNull(seen[position][layer]);
                worst = Math.Max(worst, MaxDifference(seen[position][layer], expectedLayers[position][layer]));
            }

            worst = Math.Max(worst, MaxDifference(logits[position], expectedLogits[position]));
        }

        // Relative to the residual stream's size (gemma's embeddings are scaled by √dim).
        var magnitude = expectedLayers.SelectMany(p => p).SelectMany(h => h).Max(Math.Abs);
        Assert.InRange(worst, 0, Tolerance * Math.Max(1, magnitude));
        if (model.SlidingWindow > 0)
        {
            Assert.True(Tokens.Length > model.SlidingWindow, "the prompt should run past the window");
            Assert.Contains(Enumerable.Range(0, model.LayerCount), reference.IsSlidingLayer);
        }
    }

    [Fact]
    public void TheReferenceAndTheModelSeeEachArchitecturalFeature()
    {
        // Guards the comparison above against a reference and model that both ignore a feature: each changes the output.
        using var temp = new TempDirectory();
        var gemma2 = TinyGguf.For("gemma2");
        var gemma3 = TinyGguf.For("gemma3");
        var pairs = new (string Feature, TinyGguf A, TinyGguf B)[]
        {
            ("mistral's sliding window", TinyGguf.For("mistral") with { SlidingWindow = null }, TinyGguf.For("mistral")),
            ("gemma2's sliding window", gemma2 with { SlidingWindow = 64 }, gemma2),
            ("gemma2's attention soft cap", gemma2 with { AttentionSoftCap = 1000f }, gemma2),
            ("gemma2's final soft cap", gemma2 with { FinalSoftCap = 1000f }, gemma2),
            ("gemma3's sliding window", gemma3 with { SlidingWindow = 64 }, gemma3),
            ("gemma3's global RoPE scaling", gemma3 with { ScalingType = null }, gemma3),
            ("gemma3's global RoPE base", gemma3 with { Theta = 10000f, ScalingType = null }, gemma3 with { ScalingType = null }),
            ("the RoPE attention factor", TinyGguf.For("phi3"), TinyGguf.For("phi3") with { RopeAttentionFactor = 1.2f }),
            ("partial rotation", TinyGguf.For("phi3-partial") with { RotaryDimension = null, LongRopeOriginalContext = null }, TinyGguf.For("phi3-partial") with { LongRopeOriginalContext = null }),
            ("LongRoPE's short factors", TinyGguf.For("phi3-longrope") with { RopeAttentionFactor = null, LongRopeOriginalContext = null }, TinyGguf.For("phi3-longrope") with { RopeAttentionFactor = null }),
        };
        foreach (var (feature, a, b) in pairs)
        {
            var (logitsA, logitsB) = (LastLogits(a, "a"), LastLogits(b, "b"));
            Assert.True(MaxDifference(logitsA, logitsB.Select(v => (double)v).ToArray()) > 1e-3, $"{feature} made no difference");
        }

        float[] LastLogits(TinyGguf options, string name)
        {
            using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, name + ".gguf")));
            using var model = LlamaModel.Load(file);
            var fromModel = Run(model, Tokens, batched: false)[^1];
            var fromReference = new ReferenceLlama(file).Run(Tokens).Logits[^1];
            Assert.InRange(MaxDifference(fromModel, fromReference), 0, Tolerance * 10);
            return fromModel;
        }
    }

    [Fact]
    public void SoftCapsBindOnTheTinyGemma2()
    {
        // The caps above are small enough that the capped values differ from the raw ones, not only in theory.
        using var temp = new TempDirectory();
        var options = TinyGguf.For("gemma2");
        using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, "g.gguf")));
        using var model = LlamaModel.Load(file);
        var logits = Run(model, Tokens, batched: false).SelectMany(l => l).ToArray();
        Assert.True(logits.Max(MathF.Abs) > 0.75f * options.FinalSoftCap!.Value, "the final cap should be reached for");
        Assert.All(logits, l => Assert.InRange(MathF.Abs(l), 0f, options.FinalSoftCap!.Value));
    }

    [Fact]
    public void ShapesAndWindowsAreReported()
    {
        using var temp = new TempDirectory();
        (string Name, int Window, int Context, int HeadDim)[] expected =
            [("gemma2", 6, 32, 16), ("gemma3", 6, 32, 16), ("qwen3", 0, 32, 12), ("phi3", 0, 32, 8), ("phi3-longrope", 0, 40, 8), ("mistral", 6, 32, 8), ("phi3-partial", 0, 48, 16)];
        foreach (var (name, window, context, headDim) in expected)
        {
            using var file = GgufFile.Open(TinyGguf.For(name).Write(Path.Combine(temp.Path, name + ".gguf")));
            using var model = LlamaModel.Load(file);
            Assert.Equal((window, context, headDim), (model.SlidingWindow, model.ContextLength, model.HeadDimension));
            Assert.Equal(name == "phi3-partial" ? 12 : headDim, model.RotaryDimension);
        }
    }

    [Theory]
    [InlineData("qwen3", "blk.0.attn_q_norm.weight")]
    [InlineData("gemma3", "blk.1.attn_k_norm.weight")]
    [InlineData("gemma2", "blk.0.post_attention_norm.weight")]
    [InlineData("gemma2", "blk.1.post_ffw_norm.weight")]
    [InlineData("gemma3", "gemma3.attention.sliding_window")]
    [InlineData("phi3", "blk.0.attn_qkv.weight")] // without it phi3 needs separate Q/K/V, which are absent too
    [InlineData("phi3-longrope", "phi3.rope.scaling.original_context_length")]
    public void SomethingMissingFailsNamingTheFileAndWhat(string name, string missing)
    {
        using var temp = new TempDirectory();
        var options = TinyGguf.For(name) with { Omit = new HashSet<string> { missing } };
        using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, "gap.gguf")));
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("gap.gguf", error.Message, StringComparison.Ordinal);
        var expected = name == "phi3" ? "blk.0.attn_q.weight" : missing;
        Assert.Contains($"'{expected}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phi3", "blk.0.ffn_up.weight", 32, 48)] // a fused gate/up needs 2 × 48 rows
    [InlineData("phi3", "blk.1.attn_qkv.weight", 32, 32)]
    [InlineData("qwen3", "blk.0.attn_k_norm.weight", 8, 1)]
    public void AMisshapenTensorFailsNamingTheFileAndTensor(string arch, string tensor, long columns, long rows)
    {
        using var temp = new TempDirectory();
        var options = TinyGguf.For(arch) with
        {
            Omit = new HashSet<string> { tensor },
            Extra = w => w.AddTensor(tensor, new float[columns * rows], GgufTensorType.F32, rows == 1 ? [columns] : [columns, rows]),
        };
        using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, "shape.gguf")));
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("shape.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{tensor}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemma2", "gemma2.attn_logit_softcapping", 0f)]
    [InlineData("gemma2", "gemma2.final_logit_softcapping", -1f)]
    [InlineData("phi3", "phi3.rope.scaling.attn_factor", 0f)]
    public void ABadSettingFailsNamingTheFileAndKey(string name, string key, float value)
    {
        using var temp = new TempDirectory();
        var options = TinyGguf.For(name) with { Omit = new HashSet<string> { key }, Extra = w => w.Add(key, value) };
        using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, "bad.gguf")));
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("bad.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("llama3", 6)] // partial rotation only for phi3, as llama.cpp
    [InlineData("phi3", 7)] // odd
    [InlineData("phi3", 10)] // wider than the heads
    public void AnUnsupportedRotaryWidthFailsNamingTheFileAndKey(string name, int width)
    {
        using var temp = new TempDirectory();
        using var file = GgufFile.Open((TinyGguf.For(name) with { RotaryDimension = width }).Write(Path.Combine(temp.Path, "rot.gguf")));
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("rot.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains(".rope.dimension_count'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongRopeScalingIsAcceptedOnlyForPhi3()
    {
        using var temp = new TempDirectory();
        var phi = TinyGguf.For("phi3-longrope") with { ScalingType = "longrope" };
        using (var file = GgufFile.Open(phi.Write(Path.Combine(temp.Path, "phi.gguf"))))
        {
            using var model = LlamaModel.Load(file);
            Assert.Equal(40, model.ContextLength);
        }

        using var llama = GgufFile.Open((TinyGguf.For("llama3") with { ScalingType = "longrope" }).Write(Path.Combine(temp.Path, "llama.gguf")));
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(llama));
        Assert.Contains("'longrope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("llama.gguf", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemma3")]
    [InlineData("phi3")]
    public void ForwardBatchInChunksEqualsTokenByToken(string name)
    {
        using var temp = new TempDirectory();
        using var file = GgufFile.Open((TinyGguf.For(name) with { Context = 90 }).Write(Path.Combine(temp.Path, name + ".gguf")));
        using var model = LlamaModel.Load(file);
        var random = new Random(5);
        var tokens = Enumerable.Range(0, 80).Select(_ => random.Next(model.VocabularySize)).ToArray();
        var stepwise = Run(model, tokens, batched: false);
        using var batched = LlamaModel.Load(file, threadCount: 3);
        var all = new float[tokens.Length * model.VocabularySize];
        batched.ForwardBatch(tokens.AsSpan(0, 70), 0, all.AsSpan(0, 70 * model.VocabularySize)); // crosses MaxBatchSize
        batched.ForwardBatch(tokens.AsSpan(70), 70, all.AsSpan(70 * model.VocabularySize));
        for (var t = 0; t < tokens.Length; t++)
        {
            var row = all.AsSpan(t * model.VocabularySize, model.VocabularySize).ToArray();
            Assert.InRange(MaxDifference(row, stepwise[t].Select(v => (double)v).ToArray()), 0, Tolerance);
        }
    }

    internal static float[][] Run(LlamaModel model, int[] tokens, bool batched)
    {
        var logits = new float[tokens.Length][];
        if (batched)
        {
            var all = new float[tokens.Length * model.VocabularySize];
            model.ForwardBatch(tokens, 0, all);
            for (var t = 0; t < tokens.Length; t++)
            {
                logits[t] = all.AsSpan(t * model.VocabularySize, model.VocabularySize).ToArray();
            }
        }
        else
        {
            for (var t = 0; t < tokens.Length; t++)
            {
                logits[t] = model.Forward(tokens[t], t).ToArray();
            }
        }

        return logits;
    }

    private static double MaxDifference(float[] actual, double[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        }

        return worst;
    }
}
