using System.Globalization;
using Docent.Generation;
using Docent.Generation.Tokenization;

namespace Docent.Benchmarks.Generation;

/// <summary>
/// The <c>tokenizer.*</c> metadata the benchmark's GGUF files carry, so llama.cpp (which refuses a model without a
/// vocabulary) loads them: copied from a GGUF file the user names (e.g. llama.cpp's Llama 2 SentencePiece vocabulary,
/// <c>ggml-vocab-llama-spm.gguf</c>), or a generated SentencePiece-style vocabulary of the checkpoint's size (unknown,
/// BOS and EOS, the 256 byte tokens, then made-up pieces). Timing never tokenizes text, so either measures the same.
/// </summary>
public static class BenchmarkVocabulary
{
    /// <summary>The metadata entries for <paramref name="options"/>' checkpoint, in the order to write them.</summary>
    internal static IReadOnlyList<KeyValuePair<string, object>> Load(GenerationBenchmarkOptions options) =>
        options.VocabularyFile is { } path ? Copy(path, options.VocabularySize) : Generate(options.VocabularySize);

    /// <summary>The number of tokens the GGUF file at <paramref name="path"/> defines (to size the checkpoint to it).</summary>
    public static int TokenCount(string path)
    {
        using var file = GgufFile.Open(path);
        return file.Metadata.TryGetValue("tokenizer.ggml.tokens", out var tokens) && tokens is object[] list
            ? list.Length
            : throw new InvalidDataException($"'{path}' holds no vocabulary (no tokenizer.ggml.tokens): name a GGUF file with one, e.g. llama.cpp's ggml-vocab-llama-spm.gguf.");
    }

    private static List<KeyValuePair<string, object>> Copy(string path, int vocabularySize)
    {
        using var file = GgufFile.Open(path);
        var entries = new List<KeyValuePair<string, object>>();
        foreach (var (key, value) in file.Metadata)
        {
            if (!key.StartsWith("tokenizer.", StringComparison.Ordinal))
            {
                continue;
            }

            entries.Add(new(key, value is object[] items ? TypedArray(path, key, items) : value));
        }

        var count = entries.FirstOrDefault(e => e.Key == "tokenizer.ggml.tokens").Value is string[] tokens
            ? tokens.Length
            : throw new InvalidDataException($"'{path}' holds no vocabulary (no tokenizer.ggml.tokens).");
        return count == vocabularySize
            ? entries
            : throw new ArgumentException($"'{path}' defines {count} tokens but the checkpoint's vocabulary is {vocabularySize}; give --vocab {count}.");
    }

    /// <summary>A metadata array as the writer takes it: string[], int[] or float[] (llama.cpp's vocabularies use only these).</summary>
    private static object TypedArray(string path, string key, object[] items) => items switch
    {
        [] => Array.Empty<string>(),
        _ when items.All(i => i is string) => items.Cast<string>().ToArray(),
        _ when items.All(i => i is int) => items.Cast<int>().ToArray(),
        _ when items.All(i => i is float) => items.Cast<float>().ToArray(),
        _ => throw new InvalidDataException($"'{path}': metadata '{key}' is an array of {items[0].GetType().Name}, which the benchmark cannot copy."),
    };

    private static List<KeyValuePair<string, object>> Generate(int vocabularySize)
    {
        // The 256 byte tokens when there is room for them (tiny test checkpoints have none).
        var bytes = vocabularySize >= 3 + 256 + 1 ? 256 : 0;
        if (vocabularySize < 3)
        {
            throw new ArgumentException($"A generated vocabulary needs at least 3 tokens (unknown, BOS and EOS); --vocab is {vocabularySize}.");
        }

        var tokens = new string[vocabularySize];
        var scores = new float[vocabularySize];
        var types = new int[vocabularySize];
        (tokens[0], types[0]) = ("<unk>", (int)GgufTokenType.Unknown);
        (tokens[1], types[1]) = ("<s>", (int)GgufTokenType.Control);
        (tokens[2], types[2]) = ("</s>", (int)GgufTokenType.Control);
        for (var b = 0; b < bytes; b++)
        {
            (tokens[3 + b], types[3 + b]) = ($"<0x{b:X2}>", (int)GgufTokenType.Byte);
        }

        for (var i = 3 + bytes; i < vocabularySize; i++)
        {
            // Distinct made-up pieces ("▁t259", ...), scored so earlier ones merge first.
            (tokens[i], scores[i], types[i]) = ("\u2581t" + i.ToString(CultureInfo.InvariantCulture), -i, (int)GgufTokenType.Normal);
        }

        return
        [
            new("tokenizer.ggml.model", "llama"),
            new("tokenizer.ggml.tokens", tokens),
            new("tokenizer.ggml.scores", scores),
            new("tokenizer.ggml.token_type", types),
            new("tokenizer.ggml.unknown_token_id", 0u),
            new("tokenizer.ggml.bos_token_id", 1u),
            new("tokenizer.ggml.eos_token_id", 2u),
        ];
    }
}
