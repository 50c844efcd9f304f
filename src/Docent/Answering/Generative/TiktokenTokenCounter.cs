using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace Docent.Answering.Generative;

/// <summary>
/// Counts tokens with the tiktoken encoding of an OpenAI model (Microsoft.ML.Tokenizers, vocabularies from the
/// O200kBase and Cl100kBase data packages): exact for the model names the library knows ("gpt-4o", "gpt-4.1",
/// "o3-mini", "gpt-4", "gpt-3.5-turbo", …; a "provider/" prefix is ignored). For any other model (Llama,
/// Mistral, Qwen, … behind Ollama or vLLM) it counts with o200k_base and multiplies by
/// <see cref="FallbackSafetyFactor"/>: those tokenizers have smaller vocabularies and spend up to about a
/// quarter more tokens on English text than o200k_base, so the count errs high rather than overflow the
/// context window. Tokenizers are loaded once per process and shared. Thread-safe.
/// </summary>
public sealed class TiktokenTokenCounter : ITokenCounter
{
    /// <summary>The encoding used for model names the library does not know.</summary>
    public const string FallbackEncoding = "o200k_base";

    /// <summary>What counts are multiplied by when the model's own tokenizer is not known.</summary>
    public const double FallbackSafetyFactor = 1.25;

    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer?>> ByModel = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lazy<Tokenizer> Fallback = new(() => TiktokenTokenizer.CreateForEncoding(FallbackEncoding));

    private readonly Tokenizer _tokenizer;

    private TiktokenTokenCounter(Tokenizer tokenizer, string? modelName, bool isExact)
    {
        _tokenizer = tokenizer;
        ModelName = modelName;
        IsExact = isExact;
        SafetyFactor = isExact ? 1 : FallbackSafetyFactor;
    }

    /// <summary>The model name it was made for, or null.</summary>
    public string? ModelName { get; }

    /// <summary>Whether the counts are the model's own (false: o200k_base with the safety factor).</summary>
    public bool IsExact { get; }

    /// <summary>1 when exact, else <see cref="FallbackSafetyFactor"/>.</summary>
    public double SafetyFactor { get; }

    /// <summary>A counter for <paramref name="modelName"/>; null or an unknown name gives the fallback.</summary>
    public static TiktokenTokenCounter ForModel(string? modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName))
        {
            return new TiktokenTokenCounter(Fallback.Value, null, false);
        }

        var name = modelName.Trim();
        var slash = name.LastIndexOf('/');
        var bare = slash >= 0 ? name[(slash + 1)..] : name;
        var tokenizer = ByModel.GetOrAdd(bare, static model => new Lazy<Tokenizer?>(() => TryCreate(model))).Value;
        return tokenizer is null
            ? new TiktokenTokenCounter(Fallback.Value, name, false)
            : new TiktokenTokenCounter(tokenizer, name, true);
    }

    /// <inheritdoc />
    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = _tokenizer.CountTokens(text, considerPreTokenization: true, considerNormalization: true);
        return IsExact ? count : (int)Math.Ceiling(count * SafetyFactor);
    }

    private static TiktokenTokenizer? TryCreate(string model)
    {
        try
        {
            return TiktokenTokenizer.CreateForModel(model);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException or IOException)
        {
            // Unknown model name, or an encoding whose vocabulary package we do not ship (p50k, r50k).
            return null;
        }
    }
}
