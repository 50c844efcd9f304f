using Docent.Models.Onnx;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Models;

public sealed class OnnxEmbeddingGeneratorTests
{
    private const double Tolerance = 1e-4;

    private static readonly string[] Texts =
    [
        "The quick brown fox jumps over the lazy dog.",
        "hello world",
        "Where can I find the travel policy for hotel expenses?",
        "a",
        "",
        "Numbers: 1, 22, 333 and 4444!",
        "Employees read the book chapter about machine learning models and embedding vectors in ten days.",
    ];

    public static string EncoderFolder => RepositoryPaths.Fixture("onnx", "tiny-bert");

    public static string CrossEncoderFolder => RepositoryPaths.Fixture("onnx", "tiny-cross-encoder");

    [Fact]
    public void TokenVectorsOfAPaddedBatchMatchThePlainReferenceForwardPass()
    {
        var reference = new ReferenceBert(EncoderFolder);
        using var session = BertOnnxSession.Open(EncoderFolder, null, 512, intraOpThreads: 1);
        var encodings = Texts.Select(t => session.Tokenizer.Encode(t, session.MaxSequenceLength)).ToArray();

        var (values, shape, padded) = session.Run(encodings, "last_hidden_state");

        Assert.Equal([Texts.Length, padded, reference.Hidden], shape);
        Assert.Equal(encodings.Max(e => e.Length), padded);
        for (var r = 0; r < encodings.Length; r++)
        {
            var expected = reference.HiddenStates(encodings[r].InputIds.ToArray(), encodings[r].TokenTypeIds.ToArray());
            for (var t = 0; t < encodings[r].Length; t++)
            {
                for (var d = 0; d < reference.Hidden; d++)
                {
                    var actual = values[(((r * padded) + t) * reference.Hidden) + d];
                    Assert.True(Math.Abs(expected[t][d] - actual) < Tolerance, $"text {r} token {t} dim {d}: {expected[t][d]} vs {actual}");
                }
            }
        }
    }

    [Theory]
    [InlineData(EmbeddingPooling.Mean)]
    [InlineData(EmbeddingPooling.Cls)]
    public async Task PooledVectorsMatchTheReference(EmbeddingPooling pooling)
    {
        var reference = new ReferenceBert(EncoderFolder);
        using var generator = Create(o => (o.Pooling, o.Normalize) = (pooling, false));

        var embeddings = await generator.GenerateAsync(Texts);

        for (var i = 0; i < Texts.Length; i++)
        {
            var encoding = generator.Tokenizer.Encode(Texts[i], generator.MaxSequenceLength);
            var states = reference.HiddenStates(encoding.InputIds.ToArray(), encoding.TokenTypeIds.ToArray());
            var expected = pooling == EmbeddingPooling.Mean ? ReferenceBert.Mean(states) : states[0];
            AssertClose(expected, embeddings[i].Vector.ToArray(), Tolerance);
        }
    }

    [Fact]
    public async Task MeanAndClsPoolingGiveDifferentVectors()
    {
        using var mean = Create(o => o.Pooling = EmbeddingPooling.Mean);
        using var cls = Create(o => o.Pooling = EmbeddingPooling.Cls);

        var a = (await mean.GenerateAsync(["hello world"]))[0].Vector.ToArray();
        var b = (await cls.GenerateAsync(["hello world"]))[0].Vector.ToArray();

        Assert.True(a.Zip(b, (x, y) => Math.Abs(x - y)).Max() > 0.01);
    }

    [Fact]
    public async Task NormalisedVectorsHaveUnitLengthAndKeepTheirDirection()
    {
        using var raw = Create(o => o.Normalize = false);
        using var unit = Create(o => o.Normalize = true);

        var rawVectors = await raw.GenerateAsync(Texts);
        var unitVectors = await unit.GenerateAsync(Texts);

        for (var i = 0; i < Texts.Length; i++)
        {
            var r = rawVectors[i].Vector.ToArray();
            var u = unitVectors[i].Vector.ToArray();
            var norm = Math.Sqrt(r.Sum(x => (double)x * x));
            Assert.Equal(1.0, Math.Sqrt(u.Sum(x => (double)x * x)), 5);
            Assert.True(norm > 0.1 && Math.Abs(norm - 1) > 1e-3, $"raw norm {norm} should differ from 1 for the test to mean something");
            AssertClose(r.Select(x => x / norm).ToArray(), u, 1e-5);
        }
    }

    [Fact]
    public async Task BatchingGivesTheSameVectorsAsOneByOne()
    {
        using var batched = Create(o => o.BatchSize = 3);
        using var single = Create(o => o.BatchSize = 1);

        var together = await batched.GenerateAsync(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            var alone = await single.GenerateAsync([Texts[i]]);
            AssertClose(alone[0].Vector.ToArray(), together[i].Vector.ToArray(), 1e-5);
        }
    }

    [Fact]
    public async Task PaddingDoesNotChangeATextsVector()
    {
        using var generator = Create(o => o.Normalize = false);
        var longText = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 5));

        var alone = (await generator.GenerateAsync(["hello world"]))[0].Vector.ToArray();
        var padded = (await generator.GenerateAsync([longText, "hello world"]))[1].Vector.ToArray();

        Assert.True(generator.Tokenizer.Encode(longText, 64).Length > 4 * generator.Tokenizer.Encode("hello world", 64).Length);
        AssertClose(alone, padded, 1e-5);
    }

    [Fact]
    public async Task LongTextsAreTruncatedToTheMaximumLength()
    {
        using var generator = Create(o => o.MaxSequenceLength = 8);
        var tokenizer = generator.Tokenizer;
        const string text = "the quick brown fox jumps over the lazy dog and runs";

        var full = (await generator.GenerateAsync([text]))[0].Vector.ToArray();
        var firstSix = (await generator.GenerateAsync(["the quick brown fox jumps over"]))[0].Vector.ToArray();
        var other = (await generator.GenerateAsync(["the quick brown fox jumps"]))[0].Vector.ToArray();

        Assert.True(tokenizer.Encode(text, 8).Truncated);
        AssertClose(firstSix, full, 1e-6);
        Assert.True(full.Zip(other, (a, b) => Math.Abs(a - b)).Max() > 1e-3);
    }

    [Fact]
    public async Task MaximumLengthIsCappedByTheModelsPositionEmbeddings()
    {
        using var generator = Create(o => o.MaxSequenceLength = 512);
        var text = string.Join(' ', Enumerable.Repeat("hello world", 200));

        var embeddings = await generator.GenerateAsync([text]);

        Assert.Equal(64, generator.MaxSequenceLength);
        Assert.Equal(64, embeddings.Usage!.InputTokenCount);
        Assert.Equal(32, embeddings[0].Vector.Length);
    }

    [Fact]
    public void MetadataNamesTheModelAndItsDimension()
    {
        using var generator = Create();

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("onnxruntime", metadata.ProviderName);
        Assert.Equal("tiny-bert", metadata.DefaultModelId);
        Assert.Equal(32, metadata.DefaultModelDimensions);
        Assert.Same(generator, generator.GetService<OnnxEmbeddingGenerator>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>("some key"));
    }

    [Fact]
    public async Task EmbeddingsCarryTheConfiguredModelId()
    {
        using var generator = Create(o => o.ModelId = "my-model");

        var embeddings = await generator.GenerateAsync(["hello"]);

        Assert.Equal("my-model", embeddings[0].ModelId);
        Assert.Equal("my-model", generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void PoolingIsReadFromTheSentenceTransformersFolderWhenNotSet()
    {
        using var temp = CopyFixture(EncoderFolder);
        temp.Write("1_Pooling/config.json", """{ "word_embedding_dimension": 32, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false }""");

        using var fromFolder = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = temp.Path });
        using var explicitMean = new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = temp.Path, Pooling = EmbeddingPooling.Mean });
        using var plain = Create();

        Assert.Equal(EmbeddingPooling.Cls, fromFolder.Pooling);
        Assert.Equal(EmbeddingPooling.Mean, explicitMean.Pooling);
        Assert.Equal(EmbeddingPooling.Mean, plain.Pooling);
    }

    [Fact]
    public async Task ConcurrentCallsGiveTheSameVectors()
    {
        using var generator = Create(o => o.BatchSize = 2);
        var expected = await generator.GenerateAsync(Texts);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => generator.GenerateAsync(Texts))));

        foreach (var run in runs)
        {
            for (var i = 0; i < Texts.Length; i++)
            {
                Assert.Equal(expected[i].Vector.ToArray(), run[i].Vector.ToArray());
            }
        }
    }

    [Fact]
    public async Task ACancelledTokenStopsBeforeInference()
    {
        using var generator = Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(Texts, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task RequestingOtherDimensionsIsRejected()
    {
        using var generator = Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["hello"], new EmbeddingGenerationOptions { Dimensions = 16 }));

        Assert.Contains("32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModelFileIsNamed()
    {
        using var temp = new TempDirectory();
        File.Copy(Path.Combine(EncoderFolder, "vocab.txt"), Path.Combine(temp.Path, "vocab.txt"));

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = temp.Path }));

        Assert.Contains("model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains(temp.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingVocabularyIsNamed()
    {
        using var temp = new TempDirectory();
        File.Copy(Path.Combine(EncoderFolder, "model.onnx"), Path.Combine(temp.Path, "model.onnx"));

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = temp.Path }));

        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "docent-tests", "no-such-model-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<DirectoryNotFoundException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = missing }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptModelFileIsReportedWithItsPath()
    {
        using var temp = CopyFixture(EncoderFolder);
        var model = temp.Write("model.onnx", "this is not an ONNX model");

        var error = Assert.Throws<InvalidDataException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = temp.Path }));

        Assert.Contains(model, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACrossEncoderIsNotAcceptedAsAnEmbeddingModel()
    {
        var error = Assert.Throws<InvalidDataException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelDirectory = CrossEncoderFolder }));

        Assert.Contains("last_hidden_state", error.Message, StringComparison.Ordinal);
        Assert.Contains("'logits'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new OnnxEmbeddingOptions().Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxEmbeddingOptions { ModelDirectory = "x", BatchSize = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxEmbeddingOptions { ModelDirectory = "x", MaxSequenceLength = 2 }.Validate());
    }

    internal static TempDirectory CopyFixture(string folder)
    {
        var temp = new TempDirectory();
        foreach (var file in Directory.GetFiles(folder))
        {
            File.Copy(file, Path.Combine(temp.Path, Path.GetFileName(file)));
        }

        return temp;
    }

    internal static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<float> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var d = 0; d < expected.Count; d++)
        {
            Assert.True(Math.Abs(expected[d] - actual[d]) < tolerance, $"dim {d}: expected {expected[d]}, got {actual[d]}");
        }
    }

    private static void AssertClose(IReadOnlyList<float> expected, IReadOnlyList<float> actual, double tolerance) =>
        AssertClose(expected.Select(x => (double)x).ToArray(), actual, tolerance);

    private static OnnxEmbeddingGenerator Create(Action<OnnxEmbeddingOptions>? configure = null)
    {
        var options = new OnnxEmbeddingOptions { ModelDirectory = EncoderFolder, IntraOpThreads = 1 };
        configure?.Invoke(options);
        return new OnnxEmbeddingGenerator(options);
    }
}
