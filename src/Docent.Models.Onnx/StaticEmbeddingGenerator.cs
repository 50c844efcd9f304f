using System.Numerics.Tensors;
using Docent.Models;
using Microsoft.Extensions.AI;

namespace Docent.Models.Onnx;

/// <summary>
/// Fast local text embeddings from a static token table distilled from a packaged transformer
/// (<c>embedding.path = "builtin:minilm-static"</c>): a text's vector is the normalised sum of its WordPiece tokens'
/// weighted rows (<see cref="StaticEmbeddingDistiller"/>), with no length limit and no inference. The table is distilled
/// on first use and kept in the model cache (<see cref="StaticEmbeddingOptions.DefaultCacheDirectory"/>); a missing,
/// damaged or outdated file is distilled again. Its model id differs from the transformer's, so their vectors never mix.
/// Thread-safe: the table and tokenizer are read-only.
/// </summary>
public sealed class StaticEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>What <c>embedding.path</c> adds to a packaged model's name to ask for its static variant ("builtin:minilm-static").</summary>
    public const string PathSuffix = "-static";

    private const string ProviderName = "docent-static";

    private readonly BertWordPieceTokenizer _tokenizer;
    private readonly StaticEmbeddingTable _table;
    private readonly EmbeddingGeneratorMetadata _metadata;

    private StaticEmbeddingGenerator(BertWordPieceTokenizer tokenizer, StaticEmbeddingTable table, string modelId, string tablePath, bool distilled)
    {
        _tokenizer = tokenizer;
        _table = table;
        ModelId = modelId;
        TablePath = tablePath;
        Distilled = distilled;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, new Uri(tablePath), modelId, table.Dimensions);
    }

    /// <summary>Length of every vector.</summary>
    public int Dimensions => _table.Dimensions;

    /// <summary>The model id reported on each embedding ("all-MiniLM-L6-v2-static-v1").</summary>
    public string ModelId { get; }

    /// <summary>The cache file the table was read from or written to.</summary>
    public string TablePath { get; }

    /// <summary>Whether opening this generator distilled the table (false: it came from the cache).</summary>
    public bool Distilled { get; }

    /// <summary>The tokenizer of the source model.</summary>
    public BertWordPieceTokenizer Tokenizer => _tokenizer;

    /// <summary>Whether <paramref name="path"/> names a static variant ("builtin:minilm-static").</summary>
    public static bool IsStaticPath(string? path) =>
        PackagedEmbeddingModel.IsPackagedPath(path) && path!.TrimEnd().EndsWith(PathSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The packaged model a static path's table is distilled from ("builtin:minilm-static" → MiniLM).</summary>
    /// <exception cref="ArgumentException">No packaged model has that name.</exception>
    public static PackagedEmbeddingModel SourceModel(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.Trim();
        return PackagedEmbeddingModel.FromPath(IsStaticPath(trimmed) ? trimmed[..^PathSuffix.Length] : trimmed, path);
    }

    /// <summary>
    /// Loads the table from the cache, or distils it from <see cref="StaticEmbeddingOptions.PackagedModel"/> (tens of
    /// seconds on a laptop, once) and saves it there.
    /// </summary>
    /// <exception cref="FileNotFoundException">The packaged model is missing from this program.</exception>
    public static StaticEmbeddingGenerator Open(StaticEmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var copy = options?.Clone() ?? new StaticEmbeddingOptions();
        var packaged = copy.PackagedModel ?? throw new ArgumentException("PackagedModel must name the model to distil.", nameof(options));
        var vocabulary = packaged.ReadVocabulary();
        var tokenizer = copy.Teacher?.Tokenizer
            ?? BertWordPieceTokenizer.FromVocabularyText(packaged.ToString(), vocabulary, lowerCase: true, modelMaxLength: packaged.MaxSequenceLength);
        var key = $"{packaged.ModelId}{PathSuffix}-v{StaticEmbeddingDistiller.RecipeVersion}";
        var vocabularyHash = StaticEmbeddingTable.HashVocabulary(vocabulary);
        var path = Path.Combine(copy.CacheDirectory ?? StaticEmbeddingOptions.DefaultCacheDirectory(), key + ".table");
        var table = StaticEmbeddingTable.TryLoad(path, key, vocabularyHash, out var problem);
        var distilled = table is null;
        if (table is null)
        {
            copy.Progress?.Report($"The static embedding table for {packaged}{PathSuffix} ({path}) {problem}; distilling it from {packaged.ModelId} (once).");
            var teacher = copy.Teacher ?? new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { PackagedModel = packaged, Normalize = false });
            try
            {
                table = StaticEmbeddingDistiller.Distill(teacher, key, vocabularyHash, copy.DistillTokenIds, copy.Progress, cancellationToken);
            }
            finally
            {
                if (copy.Teacher is null)
                {
                    teacher.Dispose();
                }
            }

            try
            {
                table.Save(path);
                copy.Progress?.Report($"Saved the static embedding table to {path}.");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                copy.Progress?.Report($"Could not save the static embedding table to {path} ({e.Message}); it will be distilled again next time.");
            }
        }

        return new StaticEmbeddingGenerator(tokenizer, table, string.IsNullOrWhiteSpace(copy.ModelId) ? key : copy.ModelId, path, distilled);
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } requested && requested != Dimensions)
        {
            throw new ArgumentException($"Model '{ModelId}' produces {Dimensions}-dimensional vectors; {requested} were requested.", nameof(options));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        long tokens = 0;
        var index = 0;
        foreach (var text in values)
        {
            var vector = Embed(text ?? throw new ArgumentException($"Text {index} is null.", nameof(values)), out var count);
            tokens += count;
            result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = now });
            index++;
        }

        result.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        return Task.FromResult(result);
    }

    /// <summary>The normalised sum of the text's token rows (all zero for a text with no tokens).</summary>
    internal float[] Embed(string text, out int tokenCount)
    {
        var vector = new float[Dimensions];
        var ids = _tokenizer.Tokenize(text);
        foreach (var id in ids)
        {
            TensorPrimitives.Add(vector, _table.Row(id), vector);
        }

        tokenCount = ids.Count;
        OnnxEmbeddingGenerator.NormalizeInPlace(vector);
        return vector;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
