using Docent.Generation;
using Docent.Generation.Tokenization;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Generation;

public sealed class LlamaGeneratorTests
{
    [Fact]
    public void GreedyGenerationReproducesLlama2C()
    {
        var expected = File.ReadAllText(RepositoryPaths.Fixture("stories260K", "expected_greedy_t0_n200.txt"));
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        using var model = LlamaModel.Load(file);
        var generator = new LlamaGenerator(model, GenerationTokenizer.FromGguf(file));
        Assert.Equal(expected, generator.Generate(200, new TokenSampler(0, 1), CancellationToken.None));
        // A second run starts afresh (the KV cache is overwritten from position 0).
        Assert.StartsWith(generator.Generate(20, new TokenSampler(0, 1), CancellationToken.None), expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checkpoint_v1.bin")]
    [InlineData("checkpoint_legacy.bin")]
    public void Llama2CCheckpointsGiveTheSameGreedyText(string checkpoint)
    {
        var folder = RepositoryPaths.Fixture("stories260K");
        using var model = LlamaModel.LoadLlama2C(Path.Combine(folder, checkpoint));
        Assert.Equal((64, 4, 512), (model.Dimension, model.KeyValueHeadCount, model.VocabularySize));
        var generator = new LlamaGenerator(model, GenerationTokenizer.FromLlama2C(Path.Combine(folder, "tokenizer.bin"), model.VocabularySize));
        var expected = File.ReadAllText(Path.Combine(folder, "expected_greedy_t0_n200.txt"));
        Assert.Equal(expected, generator.Generate(200, new TokenSampler(0, 1), CancellationToken.None));
    }

    [Fact]
    public void ATruncatedCheckpointFailsNamingTheFile()
    {
        using var temp = new TempDirectory();
        var bytes = File.ReadAllBytes(RepositoryPaths.Fixture("stories260K", "checkpoint_v1.bin"));
        var path = temp.Write("cut.bin", bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.LoadLlama2C(path));
        Assert.Contains("cut.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemperatureSamplingIsSeededAndDiffersFromGreedy()
    {
        using var file = GgufFile.Open(GgufFileTests.Stories260K);
        using var model = LlamaModel.Load(file);
        var generator = new LlamaGenerator(model, GenerationTokenizer.FromGguf(file));
        var first = generator.Generate(60, new TokenSampler(1f, 7), CancellationToken.None);
        var again = generator.Generate(60, new TokenSampler(1f, 7), CancellationToken.None);
        var greedy = generator.Generate(60, new TokenSampler(0f, 7), CancellationToken.None);
        Assert.Equal(first, again);
        Assert.NotEqual(greedy, first);
    }

    [Fact]
    public void DecodingMapsSpacesAndBytesAndDropsTheSpaceAfterBos()
    {
        var vocabulary = new LlamaSpmTokenizer(
            "test",
            ["<unk>", "<s>", "</s>", "<0x41>", "\u2581Once", "\u2581upon"],
            [0f, 0f, 0f, 0f, -1f, -2f],
            [GgufTokenType.Unknown, GgufTokenType.Control, GgufTokenType.Control, GgufTokenType.Byte, GgufTokenType.Normal, GgufTokenType.Normal],
            bosId: 1,
            eosId: 2,
            unknownId: 0,
            addBos: true,
            addSpacePrefix: true);
        Assert.Equal("Once"u8.ToArray(), vocabulary.Decode(1, 4).ToArray());
        Assert.Equal(" upon"u8.ToArray(), vocabulary.Decode(4, 5).ToArray());
        Assert.Equal("A"u8.ToArray(), vocabulary.Decode(5, 3).ToArray());
    }

    [Fact]
    public void SamplerPicksTheArgmaxAtTemperatureZeroAndRejectsNegativeTemperature()
    {
        Assert.Equal(2, new TokenSampler(0, 1).Sample([0.1f, -3f, 5f, 4.9f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenSampler(-1, 1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RopeRotatesAdjacentOrHalfApartPairsLikeTheScalarFormula(bool neox)
    {
        var v = new float[] { 1, 0, 0, 1, 1, 0, 0, 1 };
        var original = v.ToArray();
        float[] inverseFrequencies = [1f, 1f / MathF.Pow(10000f, 0.5f)];
        var (cos, sin) = (new float[2], new float[2]);
        LlamaModel.RopeTable(position: 3, positionScale: 1f, inverseFrequencies, cos, sin);
        LlamaModel.ApplyRope(v, headSize: 4, neox, cos, sin);
        for (var head = 0; head < 2; head++)
        {
            for (var j = 0; j < 2; j++)
            {
                var (i0, i1) = neox ? (head * 4 + j, head * 4 + j + 2) : (head * 4 + 2 * j, head * 4 + 2 * j + 1);
                var angle = 3.0 * inverseFrequencies[j];
                var (a, b) = (original[i0], original[i1]);
                Assert.Equal(a * Math.Cos(angle) - b * Math.Sin(angle), v[i0], 1e-5);
                Assert.Equal(a * Math.Sin(angle) + b * Math.Cos(angle), v[i1], 1e-5);
            }
        }
    }
}
