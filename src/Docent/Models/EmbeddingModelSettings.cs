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

    /// <summary>
    /// The languages the model understands, as ISO 639-1 codes separated by commas ("en", "de,fr"), or "*" for every
    /// language. A question in another language is answered from the lexical index alone (its words, not their
    /// meaning), and `docent stats` lists such languages. Null: "en" for the built-in models (English models), "*" for a
    /// model the user names.
    /// </summary>
    public string? Languages { get; set; }

    /// <summary>The languages the model understands (<see cref="Languages"/> with its default applied); "*" is every language.</summary>
    public IReadOnlyList<string> EffectiveLanguages =>
        (Languages ?? (IsBuiltin ? "en" : "*"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(code => code.ToLowerInvariant())
            .ToArray();

    /// <summary>
    /// Whether the model understands <paramref name="language"/>: listed, or "*" listed. Text whose language could not be
    /// told ("und") counts as understood: it is most often names, numbers and code, which any model embeds as well as it can.
    /// </summary>
    public bool Understands(string? language) =>
        language is null or "und" || EffectiveLanguages.Contains("*") || EffectiveLanguages.Contains(language);

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

        if (Languages is not null && EffectiveLanguages.Any(code => code != "*" && (code.Length is < 2 or > 3 || !code.All(char.IsAsciiLetterLower))))
        {
            throw new ArgumentException($"embedding.languages must be \"*\" or ISO 639-1 language codes separated by commas (\"en,de\"), not \"{Languages}\".");
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
