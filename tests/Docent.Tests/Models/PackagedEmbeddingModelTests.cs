using System.Numerics.Tensors;
using Docent.Hosting;
using Docent.Models;
using Docent.Models.Onnx;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Models;

/// <summary>Loads all-MiniLM-L6-v2 once from its package, through the settings form <c>embedding.path = builtin:minilm</c>.</summary>
public sealed class PackagedMiniLMFixture : IDisposable
{
    public PackagedMiniLMFixture() =>
        Generator = new OnnxModelProvider().CreateEmbeddingGenerator(new EmbeddingModelSettings { Path = "builtin:minilm" })!;

    public IEmbeddingGenerator<string, Embedding<float>> Generator { get; }

    public void Dispose() => Generator.Dispose();
}

/// <summary>The models packaged in NuGet assemblies: loading, embedding, settings and the query instruction.</summary>
public sealed class PackagedEmbeddingModelTests(PackagedMiniLMFixture fixture) : IClassFixture<PackagedMiniLMFixture>
{
    private async Task<float[][]> EmbedAsync(params string[] texts) =>
        (await fixture.Generator.GenerateAsync(texts)).Select(e => e.Vector.ToArray()).ToArray();

    [Fact]
    public async Task MiniLM_LoadsFromItsPackage_And_Embeds384DimensionalUnitVectors_Deterministically()
    {
        var first = await EmbedAsync("The cat sits on the mat.", "Quarterly revenue grew by four percent.");
        var second = await EmbedAsync("The cat sits on the mat.", "Quarterly revenue grew by four percent.");

        Assert.All(first, v => Assert.Equal(384, v.Length));
        Assert.All(first, v => Assert.Equal(1.0, TensorPrimitives.Norm(v), 4));
        Assert.Equal(first[0], second[0]);
        Assert.Equal(first[1], second[1]);
    }

    [Fact]
    public async Task MiniLM_PutsAParaphraseCloserThanAnUnrelatedSentence()
    {
        var v = await EmbedAsync(
            "How do I reset my password?",
            "Steps to change a forgotten login password.",
            "The river floods the valley every spring.");

        var paraphrase = TensorPrimitives.Dot(v[0], v[1]);
        var unrelated = TensorPrimitives.Dot(v[0], v[2]);
        Assert.True(paraphrase > unrelated + 0.2f, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public void MiniLM_IsStoredUnderItsPublishedName_AndHasNoQueryInstruction()
    {
        var metadata = fixture.Generator.GetService<EmbeddingGeneratorMetadata>();
        var onnx = Assert.IsType<OnnxEmbeddingGenerator>(fixture.Generator);

        Assert.Equal("all-MiniLM-L6-v2", metadata?.DefaultModelId);
        Assert.Equal(EmbeddingPooling.Mean, onnx.Pooling);
        Assert.Equal(256, onnx.MaxSequenceLength);
        Assert.Same(fixture.Generator, QueryPrefixEmbeddingGenerator.ForQueries(fixture.Generator));
    }

    [Fact]
    public void UnknownBuiltinName_IsAnErrorNamingTheSettingAndTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new OnnxModelProvider().CreateEmbeddingGenerator(new EmbeddingModelSettings { Path = "builtin:bert-huge" }));

        Assert.Contains("embedding.path \"builtin:bert-huge\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("builtin:minilm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsForm_BuiltinPath_IsParsedFromFlagsAndConfiguresTheOnnxProvider()
    {
        using var temp = new TempDirectory();
        var loaded = DocentSettingsLoader.Load(
            temp.Path, new Dictionary<string, string?> { ["embedding:path"] = "builtin:MiniLM" }, new Dictionary<string, string>(), Path.Combine(temp.Path, "no-secrets.json"));

        Assert.Equal(EmbeddingModelSettings.OnnxProvider, loaded.Settings.Embedding.Provider);
        Assert.True(loaded.Settings.Embedding.IsConfigured);
        Assert.Same(PackagedEmbeddingModel.MiniLM, PackagedEmbeddingModel.FromPath(loaded.Settings.Embedding.Path!));
    }

    [Fact]
    public async Task QueryInstruction_IsPutBeforeQueriesOnly_WhenTheModelReportsOne()
    {
        var inner = new RecordingGenerator(new EmbeddingQueryPrefix("Represent this sentence for searching relevant passages: "));

        var queries = QueryPrefixEmbeddingGenerator.ForQueries(inner);
        await queries.GenerateAsync(["what is docent?"]);
        await inner.GenerateAsync(["a passage"]);

        Assert.Equal(["Represent this sentence for searching relevant passages: what is docent?", "a passage"], inner.Seen);
        var symmetric = new RecordingGenerator(null);
        Assert.Same(symmetric, QueryPrefixEmbeddingGenerator.ForQueries(symmetric));
    }

    private sealed class RecordingGenerator(EmbeddingQueryPrefix? prefix) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<string> Seen { get; } = [];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            Seen.AddRange(texts);
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(_ => new Embedding<float>(new float[] { 1 }))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingQueryPrefix) ? prefix : null;

        public void Dispose()
        {
        }
    }
}
