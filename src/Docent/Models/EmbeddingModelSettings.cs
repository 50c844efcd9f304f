namespace Docent.Models;

/// <summary>
/// Which model turns text into vectors for semantic retrieval: the built-in all-MiniLM-L6-v2 (the default,
/// <c>builtin:minilm</c>), a local ONNX sentence-transformers folder, or an OpenAI-compatible embeddings endpoint.
/// <c>path = "none"</c> (or an empty path) means "no embeddings": retrieval stays lexical.
/// Plain options bound from configuration; call <see cref="Validate"/> before use.
/// </summary>
public sealed class EmbeddingModelSettings
{
    /// <summary>Embeddings from an OpenAI-compatible /embeddings endpoint.</summary>
    public const string OpenAIProvider = "openai";

    /// <summary>Embeddings computed in-process with ONNX Runtime from a model folder.</summary>
    public const string OnnxProvider = "onnx";

    /// <summary>The default <see cref="Path"/>: the model packaged with the program (all-MiniLM-L6-v2).</summary>
    public const string BuiltinDefaultPath = "builtin:minilm";

    /// <summary>The <see cref="Path"/> that turns embeddings off (lexical retrieval only).</summary>
    public const string NonePath = "none";

    /// <summary>"onnx" (local folder) or "openai" (OpenAI-compatible server).</summary>
    public string Provider { get; set; } = OnnxProvider;

    /// <summary>onnx: the model folder (model.onnx + vocab.txt or tokenizer.json), a built-in model ("builtin:minilm", the default), or "none".</summary>
    public string? Path { get; set; } = BuiltinDefaultPath;

    /// <summary>openai: base URL of the API; null means api.openai.com.</summary>
    public string? Endpoint { get; set; }

    /// <summary>openai: the model name; onnx: an id for the model (default: the folder name). Vectors are stored per model id.</summary>
    public string? Model { get; set; }

    /// <summary>openai: API key, only from the environment or the user-secrets file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>onnx: "mean" or "cls" pooling of the token vectors; null reads the folder's 1_Pooling/config.json, else mean.</summary>
    public string? Pooling { get; set; }

    /// <summary>onnx: longest input in tokens (capped by the model).</summary>
    public int MaxSequenceLength { get; set; } = 512;

    /// <summary>Texts embedded per call.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>openai: requested output dimensions for models that support shortening; null keeps the model's.</summary>
    public int? Dimensions { get; set; }

    /// <summary>openai: time allowed for one HTTP attempt.</summary>
    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>openai: retries of a transient failure.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>openai: delay before the first retry (doubling, with jitter).</summary>
    public double RetryDelaySeconds { get; set; } = 1;

    /// <summary>Whether an embedding model is configured.</summary>
    public bool IsConfigured => Provider == OnnxProvider ? !IsOff(Path) : !string.IsNullOrWhiteSpace(Model);

    /// <summary>
    /// Whether the model is one packaged with the program ("builtin:…") rather than named by the user: a host without
    /// an in-process runtime for it (the engine alone) then stays lexical instead of failing.
    /// </summary>
    public bool IsBuiltin => Provider == OnnxProvider && Path?.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The id vectors are stored under: the model name, else the ONNX folder's name.</summary>
    public string ModelId =>
        !string.IsNullOrWhiteSpace(Model) ? Model!
        : IsOff(Path) ? ""
        : IsBuiltin ? Path!
        : new DirectoryInfo(Path!).Name;

    private static bool IsOff(string? path) => string.IsNullOrWhiteSpace(path) || string.Equals(path.Trim(), NonePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ModelSettingsValidation.RequireProvider("embedding", Provider, OnnxProvider, OpenAIProvider);
        ModelSettingsValidation.RequireEndpoint("embedding", Endpoint);
        if (Pooling is not (null or "mean" or "cls"))
        {
            throw new ArgumentException($"embedding.pooling must be \"mean\" or \"cls\", not \"{Pooling}\".");
        }

        ModelSettingsValidation.RequireRange("embedding.maxSequenceLength", MaxSequenceLength, 8, 8192);
        ModelSettingsValidation.RequireRange("embedding.batchSize", BatchSize, 1, 2048);
        if (Dimensions is { } dimensions)
        {
            ModelSettingsValidation.RequireRange("embedding.dimensions", dimensions, 1, 65_536);
        }

        ModelSettingsValidation.RequireRange("embedding.timeoutSeconds", TimeoutSeconds, 0.001, 3600);
        ModelSettingsValidation.RequireRange("embedding.maxRetries", MaxRetries, 0, 10);
        ModelSettingsValidation.RequireRange("embedding.retryDelaySeconds", RetryDelaySeconds, 0, 60);
    }
}
