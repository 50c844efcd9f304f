using Docent.Benchmarks.Generation;
using Docent.Generation;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class GenerationBenchmarkTests
{
    private static GenerationBenchmarkOptions Tiny() => new()
    {
        Dimension = 64,
        HiddenDimension = 128,
        Layers = 2,
        Heads = 4,
        KeyValueHeads = 2,
        VocabularySize = 100,
        ContextLength = 16,
        Steps = 4,
        PromptTokens = 3,
        WarmupSteps = 0,
        Rounds = 1,
    };

    [Fact]
    public void EveryFileHoldsTheSameModel()
    {
        using var temp = new TempDirectory();
        var options = Tiny();
        var written = GenerationBenchmark.WriteModels(options, temp.Path, [GgufTensorType.F32, GgufTensorType.Q8_0], llama2C: true);
        Assert.Equal(4, written.Count);

        using var f32File = GgufFile.Open(Path.Combine(temp.Path, GenerationBenchmark.GgufFileName(GgufTensorType.F32)));
        using var q8File = GgufFile.Open(Path.Combine(temp.Path, GenerationBenchmark.GgufFileName(GgufTensorType.Q8_0)));
        Assert.IsType<Q8_0WeightMatrix>(q8File.GetMatrix("blk.1.ffn_down.weight"));
        var f32 = LlamaModel.Load(f32File);
        var q8 = LlamaModel.Load(q8File, threadCount: 2);
        var legacy = LlamaModel.LoadLlama2C(Path.Combine(temp.Path, GenerationBenchmark.Llama2CFloatFileName));

        // run.c's layout read back by Docent's llama2.c loader gives the GGUF F32 model's logits; Q8_0 stays close.
        var token = GenerationBenchmark.BosToken;
        for (var position = 0; position < 4; position++)
        {
            var expected = f32.Forward(token, position).ToArray();
            Assert.Equal(expected, legacy.Forward(token, position).ToArray());
            var quantised = q8.Forward(token, position).ToArray();
            var scale = expected.Max(MathF.Abs);
            Assert.All(expected.Zip(quantised), pair => Assert.InRange(pair.Second, pair.First - 0.1f * scale, pair.First + 0.1f * scale));
            token = Array.IndexOf(expected, expected.Max());
            Assert.NotEqual(GenerationBenchmark.BosToken, token); // BOS's row is shrunk so greedy decoding never stops on it
        }

        // runq.c's header: magic, version 2, the shape, a shared classifier and groups of 64.
        var int8 = File.ReadAllBytes(Path.Combine(temp.Path, GenerationBenchmark.Llama2CInt8FileName));
        Assert.Equal(0x616b3432, BitConverter.ToInt32(int8, 0));
        Assert.Equal(2, BitConverter.ToInt32(int8, 4));
        Assert.Equal(64, BitConverter.ToInt32(int8, 8));
        Assert.Equal(1, int8[36]);
        Assert.Equal(GenerationBenchmark.Llama2CGroupSize, BitConverter.ToInt32(int8, 37));
        var parameters = (100L * 64) + (2L * ((2 * 64 * 64) + (2 * 32 * 64) + (3 * 64 * 128))); // kv width 32: 2 kv heads of 16
        var norms = ((2 * 2) + 1) * 64 * 4L;
        Assert.Equal(256 + norms + parameters + (parameters / 64 * 4), int8.Length);
    }

    [Fact]
    public void MeasureReportsSpeedsAndMemory()
    {
        using var temp = new TempDirectory();
        var options = Tiny();
        GenerationBenchmark.WriteModels(options, temp.Path, [GgufTensorType.Q4_0], llama2C: false);
        var result = GenerationBenchmark.Measure(Path.Combine(temp.Path, GenerationBenchmark.GgufFileName(GgufTensorType.Q4_0)), 1, options);
        Assert.Equal("Q4_0", result.Type);
        Assert.True(result.DecodeTokensPerSecond > 0);
        Assert.True(result.PromptTokensPerSecond > 0);
        Assert.True(result.PeakResidentBytes > 0);
        Assert.Equal(4, result.FirstTokens.Count);
    }
}
