using Docent.Generation;
using Docent.Generation.Tokenization;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class LlamaModelTests
{
    private const double Tolerance = 1e-4;
    private static readonly int[] StoriesTokens = [1, 403, 407, 261, 378, 300, 9, 42];
    private static readonly int[] TinyTokens = [1, 7, 22, 3, 39, 15, 8, 30];

    public static TheoryData<string, bool> ReferenceCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in new[] { "stories260K", "qwen2-linear", "qwen2-rope-freqs", "llama-rope-freqs", "llama-biases-linear" })
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void EveryLayerMatchesTheScalarReference(string name, bool batched)
    {
        using var temp = new TempDirectory();
        using var file = GgufFile.Open(ModelPath(name, temp));
        var tokens = name == "stories260K" ? StoriesTokens : TinyTokens;
        using var model = LlamaModel.Load(file);
        var seen = new float[tokens.Length][][];
        for (var i = 0; i < seen.Length; i++)
        {
            seen[i] = new float[model.LayerCount][];
        }

        model.LayerOutputObserver = (layer, position, hidden) => seen[position][layer] = hidden.ToArray();
        var logits = RunModel(model, tokens, batched);
        var (expectedLayers, expectedLogits) = new ReferenceLlama(file).Run(tokens);

        double worst = 0;
        for (var position = 0; position < tokens.Length; position++)
        {
            for (var layer = 0; layer < model.LayerCount; layer++)
            {
                Assert.NotNull(seen[position][layer]);
                worst = Math.Max(worst, MaxDifference(seen[position][layer], expectedLayers[position][layer]));
            }

            worst = Math.Max(worst, MaxDifference(logits[position], expectedLogits[position]));
        }

        Assert.InRange(worst, 0, Tolerance);
    }

    [Fact]
    public void TheReferenceSeesTheArchitectureDifferences()
    {
        // Guards the comparison above against a reference that ignores a feature: each variant changes the output.
        using var temp = new TempDirectory();
        var plain = new TinyGguf { Architecture = "llama", Biases = false };
        var pairs = new (string Feature, TinyGguf A, TinyGguf B)[]
        {
            ("biases", plain, plain with { Biases = true }),
            ("NEOX pairs", plain with { Biases = true }, plain with { Biases = true, Architecture = "qwen2" }),
            ("linear scaling", plain, plain with { ScalingType = "linear", ScalingFactor = 2f }),
            ("frequency factors", plain, plain with { RopeFrequencyFactors = true }),
        };
        foreach (var (feature, a, b) in pairs)
        {
            var (expectedA, expectedB) = (LastLogits(a, "a"), LastLogits(b, "b"));
            Assert.True(MaxDifference(expectedA, expectedB.Select(v => (double)v).ToArray()) > 1e-3, $"{feature} made no difference");
        }

        float[] LastLogits(TinyGguf options, string name)
        {
            using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, name + ".gguf")));
            using var model = LlamaModel.Load(file);
            var fromModel = RunModel(model, TinyTokens, batched: false)[^1];
            var fromReference = new ReferenceLlama(file).Run(TinyTokens).Logits[^1];
            Assert.InRange(MaxDifference(fromModel, fromReference), 0, Tolerance);
            return fromModel;
        }
    }

    [Theory]
    [InlineData("stories260K", 100, 5)]
    [InlineData("stories260K", 300, 200)] // the KV cache grows past its first 256 positions between the chunks
    [InlineData("qwen2-rope-freqs", 30, 7)]
    public void ForwardBatchEqualsTokenByToken(string name, int count, int split)
    {
        using var temp = new TempDirectory();
        using var file = GgufFile.Open(ModelPath(name, temp));
        using var model = LlamaModel.Load(file);
        var random = new Random(5);
        var tokens = Enumerable.Range(0, count).Select(_ => random.Next(model.VocabularySize)).ToArray();
        var stepwise = RunModel(model, tokens, batched: false);

        // Two chunks (the first 100-token case also crosses MaxBatchSize), all rows' logits, attention on 3 threads.
        using var batched = LlamaModel.Load(file, threadCount: 3);
        var vocabulary = model.VocabularySize;
        var all = new float[count * vocabulary];
        batched.ForwardBatch(tokens.AsSpan(0, split), 0, all.AsSpan(0, split * vocabulary));
        batched.ForwardBatch(tokens.AsSpan(split), split, all.AsSpan(split * vocabulary));
        double worst = 0;
        for (var t = 0; t < count; t++)
        {
            worst = Math.Max(worst, MaxDifference(all.AsSpan(t * vocabulary, vocabulary).ToArray(), stepwise[t].Select(v => (double)v).ToArray()));
        }

        Assert.InRange(worst, 0, Tolerance);
        var last = batched.ForwardBatch(tokens, 0).ToArray();
        Assert.InRange(MaxDifference(last, stepwise[^1].Select(v => (double)v).ToArray()), 0, Tolerance);
    }

    [Fact]
    public void APromptIsRunInABatchAndGenerationContinuesFromIt()
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        using var model = LlamaModel.Load(file);
        var generator = new LlamaGenerator(model, GenerationTokenizer.FromGguf(file));
        int[] prompt = [1, 403, 407, 261];
        var generated = generator.GenerateTokens(prompt, 30, new TokenSampler(0, 1), CancellationToken.None).ToList();

        using var check = LlamaModel.Load(file);
        var expected = new List<(int, int)>();
        var token = prompt[^1];
        var next = ArgMax(RunModel(check, prompt, batched: false)[^1]);
        for (var position = prompt.Length; expected.Count < 30 && next is not (1 or 2); position++)
        {
            expected.Add((token, next));
            token = next;
            next = ArgMax(check.Forward(token, position).ToArray());
        }

        Assert.Equal(expected, generated);
        Assert.NotEmpty(generated);
        Assert.Equal(prompt[^1], generated[0].Previous);
    }

    [Fact]
    public void APromptThatFillsTheContextLeavesRoomForOneToken()
    {
        using var temp = new TempDirectory();
        using var file = GgufFile.Open(new TinyGguf().Write(Path.Combine(temp.Path, "tiny.gguf")));
        using var model = LlamaModel.Load(file);
        string[] pieces = ["<unk>", "<s>", "</s>", .. Enumerable.Range(3, 37).Select(i => $"t{i}")];
        var generator = new LlamaGenerator(model, new LlamaSpmTokenizer(
            "tiny", pieces, new float[pieces.Length], [GgufTokenType.Unknown, GgufTokenType.Control, GgufTokenType.Control, .. Enumerable.Repeat(GgufTokenType.Normal, pieces.Length - 3)],
            bosId: 1, eosId: 2, unknownId: 0, addBos: true, addSpacePrefix: true));
        var random = new Random(9);
        var prompt = Enumerable.Range(0, model.ContextLength).Select(_ => random.Next(3, 40)).ToArray();
        var sampler = new TokenSampler(0, 1);
        Assert.InRange(generator.GenerateTokens(prompt, 10, sampler, CancellationToken.None).Count(), 0, 1);
        Assert.InRange(generator.GenerateTokens(prompt[..^3], 10, sampler, CancellationToken.None).Count(), 0, 4);
        var error = Assert.Throws<ContextFullException>(() => generator.GenerateTokens([.. prompt, 5], 10, sampler, CancellationToken.None));
        Assert.Contains("context of 32 tokens is full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunningPastTheContextSaysTheContextIsFull()
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        using var model = LlamaModel.Load(file);
        var error = Assert.Throws<ContextFullException>(() => { model.Forward(1, model.ContextLength); });
        Assert.Contains($"context of {model.ContextLength} tokens is full", error.Message, StringComparison.Ordinal);
        Assert.Equal(model.ContextLength, error.ContextLength);
        Assert.Throws<ContextFullException>(() => { model.ForwardBatch(new int[10], model.ContextLength - 7); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { model.Forward(model.VocabularySize, 0); });
        model.Forward(1, model.ContextLength - 1); // the last position still works
    }

    [Theory]
    [InlineData("checkpoint_v1.bin")]
    [InlineData("checkpoint_legacy.bin")]
    public void AMappedCheckpointMatchesTheGgufAndIsReleasedOnDispose(string checkpoint)
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        using var gguf = LlamaModel.Load(file);
        var expected = gguf.ForwardBatch(StoriesTokens, 0).ToArray();
        var model = LlamaModel.LoadLlama2C(RepositoryPaths.Fixture("stories260K", checkpoint));
        Assert.Equal(expected, model.ForwardBatch(StoriesTokens, 0).ToArray());
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { model.Forward(1, 0); });
    }

    [Fact]
    public void AnUnsupportedArchitectureListsTheSupportedOnes()
    {
        using var temp = new TempDirectory();
        var path = new TinyGguf { Architecture = "gpt2" }.Write(Path.Combine(temp.Path, "gpt2.gguf"));
        using var file = GgufFile.Open(path);
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("gpt2.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains("'gpt2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("llama, qwen2, qwen3, gemma, gemma2, gemma3, phi3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qwen2.block_count")]
    [InlineData("qwen2.embedding_length")]
    [InlineData("qwen2.context_length")]
    [InlineData("blk.1.attn_k.bias")]
    [InlineData("blk.0.ffn_up.weight")]
    [InlineData("output_norm.weight")]
    [InlineData("token_embd.weight")]
    public void SomethingMissingFailsNamingTheFileAndWhat(string missing)
    {
        using var temp = new TempDirectory();
        var path = new TinyGguf { Omit = new HashSet<string> { missing } }.Write(Path.Combine(temp.Path, "gap.gguf"));
        using var file = GgufFile.Open(path);
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("gap.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("blk.0.attn_q.weight", 32, 40)]
    [InlineData("blk.1.attn_output.weight", 32, 32 + 2)]
    [InlineData("blk.1.attn_v.bias", 12, 1)]
    [InlineData("rope_freqs.weight", 3, 1)]
    [InlineData("output.weight", 32, 41)]
    public void AMisshapenTensorFailsNamingTheFileAndTensor(string name, long columns, long rows)
    {
        using var temp = new TempDirectory();
        var options = new TinyGguf
        {
            RopeFrequencyFactors = true,
            Omit = new HashSet<string> { name },
            Extra = w => w.AddTensor(name, new float[columns * rows], GgufTensorType.F32, rows == 1 ? [columns] : [columns, rows]),
        };
        using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, "shape.gguf")));
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("shape.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yarn")]
    [InlineData("longrope")]
    public void AnUnsupportedRopeScalingFails(string type)
    {
        using var temp = new TempDirectory();
        using var file = GgufFile.Open(new TinyGguf { ScalingType = type, ScalingFactor = 4f }.Write(Path.Combine(temp.Path, "scaled.gguf")));
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(file));
        Assert.Contains("scaled.gguf", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{type}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitHeadSizeAndScalingAreReported()
    {
        using var temp = new TempDirectory();
        var options = new TinyGguf { HeadDimension = 12, ScalingType = "linear", ScalingFactor = 2f };
        using var file = GgufFile.Open(options.Write(Path.Combine(temp.Path, "q.gguf")));
        using var model = LlamaModel.Load(file);
        Assert.Equal(("qwen2", 12, 2f, 32, 40), (model.Architecture, model.HeadDimension, model.RopeScalingFactor, model.ContextLength, model.VocabularySize));
    }

    private static string ModelPath(string name, TempDirectory temp)
    {
        var options = name switch
        {
            "stories260K" => null,
            "qwen2-linear" => new TinyGguf { ScalingType = "linear", ScalingFactor = 2f },
            "qwen2-rope-freqs" => new TinyGguf { RopeFrequencyFactors = true, HeadDimension = 12, TiedOutput = true, Theta = 10000f },
            "llama-rope-freqs" => new TinyGguf { Architecture = "llama", Biases = false, RopeFrequencyFactors = true, Theta = 500000f, KeyValueHeads = 1 },
            "llama-biases-linear" => new TinyGguf { Architecture = "llama", ScalingType = "linear", ScalingFactor = 4f, Theta = 10000f, Heads = 2, KeyValueHeads = 2 },
            _ => throw new ArgumentException(name, nameof(name)),
        };
        return options?.Write(Path.Combine(temp.Path, name + ".gguf")) ?? GgufFileTests.Stories260K;
    }

    private static float[][] RunModel(LlamaModel model, int[] tokens, bool batched)
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

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
