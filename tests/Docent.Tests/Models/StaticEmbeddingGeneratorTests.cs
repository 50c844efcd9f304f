using System.Numerics.Tensors;
using Docent.Models;
using Docent.Models.Onnx;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Models;

/// <summary>
/// The static variant of the packaged MiniLM (<c>builtin:minilm-static</c>): a table distilled from the real model — on
/// the tokens of the test sentences only, so each test distils in well under a second — cached, and rebuilt when damaged.
/// </summary>
public sealed class StaticEmbeddingGeneratorTests(PackagedMiniLMFixture fixture) : IClassFixture<PackagedMiniLMFixture>
{
    private const string Question = "How do I reset my password?";
    private const string Paraphrase = "Steps to change a forgotten login password.";
    private const string Unrelated = "The river floods the valley every spring.";

    private OnnxEmbeddingGenerator Teacher => Assert.IsType<OnnxEmbeddingGenerator>(fixture.Generator);

    private StaticEmbeddingOptions Options(string cacheDirectory, IProgress<string>? progress = null) => new()
    {
        CacheDirectory = cacheDirectory,
        Teacher = Teacher,
        DistillTokenIds = new[] { Question, Paraphrase, Unrelated, "cat mat revenue" }.SelectMany(t => Teacher.Tokenizer.Tokenize(t)).ToArray(),
        Progress = progress,
    };

    private static async Task<float[][]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, params string[] texts) =>
        (await generator.GenerateAsync(texts)).Select(e => e.Vector.ToArray()).ToArray();

    [Fact]
    public async Task DistilledTable_EmbedsDeterministically_AsUnitVectors_WithAParaphraseCloserThanAnUnrelatedSentence()
    {
        using var temp = new TempDirectory();
        using var generator = StaticEmbeddingGenerator.Open(Options(temp.Path));

        var v = await EmbedAsync(generator, Question, Paraphrase, Unrelated);
        var again = await EmbedAsync(generator, Question, Paraphrase, Unrelated);

        Assert.Equal(384, generator.Dimensions);
        Assert.All(v, x => Assert.Equal(1.0, TensorPrimitives.Norm(x), 4));
        Assert.Equal(v, again);
        var paraphrase = TensorPrimitives.Dot(v[0], v[1]);
        var unrelated = TensorPrimitives.Dot(v[0], v[2]);
        Assert.True(paraphrase > unrelated + 0.2f, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task ItsModelId_DiffersFromTheTransformers_SoVectorsNeverMix()
    {
        using var temp = new TempDirectory();
        using var generator = StaticEmbeddingGenerator.Open(Options(temp.Path));

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var embedding = (await generator.GenerateAsync([Question]))[0];

        Assert.Equal("all-MiniLM-L6-v2-static-v1", metadata?.DefaultModelId);
        Assert.Equal("all-MiniLM-L6-v2-static-v1", embedding.ModelId);
        Assert.NotEqual(fixture.Generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId, metadata?.DefaultModelId);
    }

    [Fact]
    public async Task SecondOpen_ReadsTheCachedTable_InsteadOfDistillingAgain()
    {
        using var temp = new TempDirectory();
        var lines = new List<string>();
        using var first = StaticEmbeddingGenerator.Open(Options(temp.Path, new SynchronousLines(lines)));
        var distillingLines = lines.Count;
        using var second = StaticEmbeddingGenerator.Open(Options(temp.Path, new SynchronousLines(lines)));

        Assert.True(first.Distilled);
        Assert.True(distillingLines >= 2, "distilling reports progress");
        Assert.Contains(lines, l => l.Contains("distilling", StringComparison.Ordinal));
        Assert.False(second.Distilled);
        Assert.Equal(distillingLines, lines.Count);
        Assert.True(File.Exists(first.TablePath));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
        Assert.Equal(await EmbedAsync(first, Question, Unrelated), await EmbedAsync(second, Question, Unrelated));
    }

    [Fact]
    public async Task ADamagedCacheFile_IsDistilledAgain_AndGivesTheSameVectors()
    {
        using var temp = new TempDirectory();
        using var original = StaticEmbeddingGenerator.Open(Options(temp.Path));
        var expected = await EmbedAsync(original, Question);
        var bytes = await File.ReadAllBytesAsync(original.TablePath);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(original.TablePath, bytes);

        var lines = new List<string>();
        using var rebuilt = StaticEmbeddingGenerator.Open(Options(temp.Path, new SynchronousLines(lines)));

        Assert.True(rebuilt.Distilled);
        Assert.Contains(lines, l => l.Contains("damaged", StringComparison.Ordinal));
        Assert.Equal(expected, await EmbedAsync(rebuilt, Question));
        Assert.False(StaticEmbeddingGenerator.Open(Options(temp.Path)).Distilled);
    }

    [Fact]
    public void ACacheFileLargerThanAnyTable_IsNotReadButDistilledOver()
    {
        using var temp = new TempDirectory();
        using var original = StaticEmbeddingGenerator.Open(Options(temp.Path));
        using (var stream = new FileStream(original.TablePath, FileMode.Open))
        {
            stream.SetLength(3L << 29); // 1.5 GB, sparse: the old reader loaded it whole before checking it
        }

        var lines = new List<string>();
        using var rebuilt = StaticEmbeddingGenerator.Open(Options(temp.Path, new SynchronousLines(lines)));

        Assert.True(rebuilt.Distilled);
        Assert.Contains(lines, line => line.Contains("more than any table", StringComparison.Ordinal));
        Assert.True(new FileInfo(rebuilt.TablePath).Length < 1L << 30);
    }

    [Fact]
    public void ATruncatedCacheFile_IsDistilledAgain()
    {
        using var temp = new TempDirectory();
        using var original = StaticEmbeddingGenerator.Open(Options(temp.Path));
        using (var stream = new FileStream(original.TablePath, FileMode.Open))
        {
            stream.SetLength(stream.Length / 3);
        }

        using var rebuilt = StaticEmbeddingGenerator.Open(Options(temp.Path));

        Assert.True(rebuilt.Distilled);
    }

    [Fact]
    public async Task Provider_BuiltinMiniLMStatic_OpensTheStaticVariantFromItsCache()
    {
        using var temp = new TempDirectory();
        using var distilled = StaticEmbeddingGenerator.Open(Options(temp.Path));
        var provider = new OnnxModelProvider { CacheDirectory = temp.Path };

        using var generator = provider.CreateEmbeddingGenerator(new EmbeddingModelSettings { Path = "builtin:MiniLM-static" });

        var opened = Assert.IsType<StaticEmbeddingGenerator>(generator);
        Assert.False(opened.Distilled);
        Assert.Equal(await EmbedAsync(distilled, Question), await EmbedAsync(opened, Question));
    }

    [Fact]
    public void UnknownStaticName_IsAnErrorListingTheStaticVariant()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new OnnxModelProvider().CreateEmbeddingGenerator(new EmbeddingModelSettings { Path = "builtin:bert-huge-static" }));

        Assert.Contains("embedding.path \"builtin:bert-huge-static\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("builtin:minilm-static", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipfWeights_PutCommonWordsFarBelowRareOnes()
    {
        var weights = StaticEmbeddingDistiller.ZipfWeights(30_522);
        var tokenizer = Teacher.Tokenizer;
        double Weight(string word) => weights[Assert.Single(tokenizer.Tokenize(word))];

        Assert.True(Weight("the") < 0.01, $"the: {Weight("the")}");
        Assert.True(Weight("password") > 10 * Weight("the"));
        Assert.True(Weight(".") <= Weight("the"));
    }

    private sealed class SynchronousLines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
