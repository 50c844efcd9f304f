using System.Numerics.Tensors;
using System.Text.Json;
using Docent.Models;
using Microsoft.Extensions.AI;

namespace Docent.Models.Onnx;

/// <summary>
/// Local text embeddings from a BERT-family sentence-transformers model exported to ONNX (for example
/// all-MiniLM-L6-v2 or bge-small-en-v1.5), run with ONNX Runtime on the CPU: WordPiece tokenisation,
/// length-sorted padded batches, mean or [CLS] pooling of <c>last_hidden_state</c> / <c>token_embeddings</c>
/// (or a model's own 2-D <c>sentence_embedding</c>), optional unit-length normalisation. Never downloads
/// anything. Thread-safe: concurrent calls share one inference session; dispose once no call is running.
/// </summary>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string ProviderName = "onnxruntime";
    private static readonly string[] TokenOutputs = ["last_hidden_state", "token_embeddings"];
    private const string SentenceOutput = "sentence_embedding";

    private readonly BertOnnxSession _session;
    private readonly OnnxEmbeddingOptions _options;
    private readonly string _outputName;
    private readonly bool _outputIsPooled;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly EmbeddingQueryPrefix? _queryPrefix;

    /// <summary>Loads the model folder (or packaged model) named by <paramref name="options"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The model or tokenizer file is missing (named in the message).</exception>
    /// <exception cref="InvalidDataException">The model is not a usable BERT-family encoder (the message says why).</exception>
    public OnnxEmbeddingGenerator(OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        var packaged = copy.PackagedModel;
        var directory = packaged is null ? Path.GetFullPath(copy.ModelDirectory) : null;
        _session = packaged is null
            ? BertOnnxSession.Open(directory!, copy.ModelFileName, copy.MaxSequenceLength, copy.IntraOpThreads)
            : OpenPackaged(packaged, copy);
        try
        {
            (_outputName, _outputIsPooled) = ChooseOutput(_session);
            copy.Pooling ??= packaged?.Pooling ?? ReadPooling(directory!) ?? EmbeddingPooling.Mean;
            copy.ModelId ??= packaged?.ModelId ?? new DirectoryInfo(directory!).Name;
            copy.QueryPrefix ??= packaged?.QueryPrefix;
            _queryPrefix = string.IsNullOrEmpty(copy.QueryPrefix) ? null : new EmbeddingQueryPrefix(copy.QueryPrefix);
            copy.MaxSequenceLength = _session.MaxSequenceLength;
            _options = copy;
            Dimensions = StaticDimension() ?? ProbeDimension();
            _metadata = new EmbeddingGeneratorMetadata(ProviderName, new Uri(_session.ModelPath), copy.ModelId, Dimensions);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>The model id reported on each embedding.</summary>
    public string ModelId => _options.ModelId!;

    /// <summary>The pooling in effect (configured, or read from the folder).</summary>
    public EmbeddingPooling Pooling => _options.Pooling!.Value;

    /// <summary>The instruction put before search queries (by the engine's query side); null when there is none.</summary>
    public string? QueryPrefix => _options.QueryPrefix;

    /// <summary>The longest input in tokens after capping by the model.</summary>
    public int MaxSequenceLength => _options.MaxSequenceLength;

    /// <summary>The tokenizer of the model folder.</summary>
    public BertWordPieceTokenizer Tokenizer => _session.Tokenizer;

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
        var texts = values.ToList();
        var encodings = new BertEncoding[texts.Count];
        long tokens = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(values));
            encodings[i] = _session.Tokenizer.Encode(text, _options.MaxSequenceLength);
            tokens += encodings[i].Length;
        }

        // Longest first, so each batch pads little; results go back to input order.
        var order = Enumerable.Range(0, encodings.Length).OrderByDescending(i => encodings[i].Length).ToArray();
        var vectors = new float[encodings.Length][];
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var indices = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            var batch = Embed(indices.Select(i => encodings[i]).ToArray());
            for (var j = 0; j < indices.Length; j++)
            {
                vectors[indices[j]] = batch[j];
            }
        }

        var now = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = now }))
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType == typeof(EmbeddingQueryPrefix) ? _queryPrefix
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    /// <summary>Loads a packaged model from its assembly's resources straight into ONNX Runtime; nothing is written to disk.</summary>
    private static BertOnnxSession OpenPackaged(PackagedEmbeddingModel packaged, OnnxEmbeddingOptions options)
    {
        var name = packaged.ToString();
        var tokenizer = BertWordPieceTokenizer.FromVocabularyText(name, packaged.ReadVocabulary(), lowerCase: true, modelMaxLength: packaged.MaxSequenceLength);
        return BertOnnxSession.Open(name, packaged.ReadModel(), tokenizer, packaged.MaxSequenceLength, options.MaxSequenceLength, options.IntraOpThreads);
    }

    /// <summary>Vectors of prepared encodings (one inference call), normalised as <paramref name="normalize"/> says; for distillation.</summary>
    internal float[][] EmbedEncodings(IReadOnlyList<BertEncoding> batch, bool normalize) => Embed(batch, normalize);

    private float[][] Embed(IReadOnlyList<BertEncoding> batch) => Embed(batch, _options.Normalize);

    private float[][] Embed(IReadOnlyList<BertEncoding> batch, bool normalize)
    {
        var (values, shape, _) = _session.Run(batch, _outputName);
        var vectors = new float[batch.Count][];
        if (_outputIsPooled)
        {
            CheckShape(shape, 2, batch.Count);
            var width = (int)shape[1];
            for (var r = 0; r < batch.Count; r++)
            {
                vectors[r] = values.AsSpan(r * width, width).ToArray();
            }
        }
        else
        {
            CheckShape(shape, 3, batch.Count);
            var sequence = (int)shape[1];
            var width = (int)shape[2];
            for (var r = 0; r < batch.Count; r++)
            {
                var tokens = values.AsSpan(r * sequence * width, sequence * width);
                vectors[r] = Pool(tokens, width, batch[r].Length, Pooling);
            }
        }

        if (normalize)
        {
            foreach (var vector in vectors)
            {
                NormalizeInPlace(vector);
            }
        }

        return vectors;
    }

    /// <summary>Mean of the first <paramref name="length"/> token rows, or the first row.</summary>
    internal static float[] Pool(ReadOnlySpan<float> tokens, int width, int length, EmbeddingPooling pooling)
    {
        var vector = tokens[..width].ToArray();
        if (pooling == EmbeddingPooling.Mean)
        {
            for (var t = 1; t < length; t++)
            {
                TensorPrimitives.Add(vector, tokens.Slice(t * width, width), vector);
            }

            TensorPrimitives.Divide(vector, length, vector);
        }

        return vector;
    }

    internal static void NormalizeInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    private void CheckShape(long[] shape, int rank, int rows)
    {
        if (shape.Length != rank || shape[0] != rows)
        {
            throw new InvalidDataException(
                $"ONNX model '{_session.ModelPath}': output '{_outputName}' has shape [{string.Join(", ", shape)}]; expected rank {rank} with {rows} rows.");
        }
    }

    private int? StaticDimension()
    {
        var dims = _session.OutputMetadata[_outputName].Dimensions;
        return dims.Length > 0 && dims[^1] > 0 ? dims[^1] : null;
    }

    private int ProbeDimension() => Embed([_session.Tokenizer.Encode("", _options.MaxSequenceLength)])[0].Length;

    private static (string Name, bool Pooled) ChooseOutput(BertOnnxSession session)
    {
        var outputs = session.OutputMetadata;
        foreach (var name in TokenOutputs)
        {
            if (outputs.TryGetValue(name, out var metadata) && metadata.Dimensions.Length == 3)
            {
                return (name, false);
            }
        }

        if (outputs.TryGetValue(SentenceOutput, out var sentence) && sentence.Dimensions.Length == 2)
        {
            return (SentenceOutput, true);
        }

        throw new InvalidDataException(
            $"ONNX model '{session.ModelPath}' is not a text encoder: expected an output 'last_hidden_state' or 'token_embeddings' " +
            $"[batch, sequence, hidden] or 'sentence_embedding' [batch, hidden]; it has {string.Join(", ", outputs.Select(o => $"'{o.Key}' [{string.Join(", ", o.Value.Dimensions)}]"))}.");
    }

    /// <summary>sentence-transformers' 1_Pooling/config.json: CLS or mean pooling; null when absent or neither.</summary>
    private static EmbeddingPooling? ReadPooling(string directory)
    {
        var path = Path.Combine(directory, "1_Pooling", "config.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            bool Flag(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
            return Flag("pooling_mode_cls_token") ? EmbeddingPooling.Cls
                : Flag("pooling_mode_mean_tokens") ? EmbeddingPooling.Mean
                : throw new InvalidDataException($"Pooling configuration '{path}' asks for a pooling other than CLS or mean; set OnnxEmbeddingOptions.Pooling.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Pooling configuration '{path}' is not valid JSON: {e.Message}", e);
        }
    }
}
