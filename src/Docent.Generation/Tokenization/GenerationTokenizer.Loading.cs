using System.Globalization;
using System.Text;

namespace Docent.Generation.Tokenization;

/// <content>Creating the right tokenizer from a GGUF file's metadata or a llama2.c tokenizer.bin.</content>
public abstract partial class GenerationTokenizer
{
    /// <summary>
    /// The tokenizer described by <paramref name="file"/>'s <c>tokenizer.ggml.*</c> metadata: SentencePiece BPE for
    /// model "llama", GPT-2 byte-level BPE for "gpt2". Throws <see cref="InvalidDataException"/> naming the file for
    /// another model or missing or inconsistent arrays.
    /// </summary>
    public static GenerationTokenizer FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var model = Optional<string>(file, "tokenizer.ggml.model") ?? throw file.Corrupt("metadata 'tokenizer.ggml.model' is missing, so its tokenizer is unknown");
        var texts = Strings(file, "tokenizer.ggml.tokens");
        var types = file.Metadata.ContainsKey("tokenizer.ggml.token_type")
            ? [.. Integers(file, "tokenizer.ggml.token_type", texts.Length).Select(t => t is >= 0 and <= 6 ? (GgufTokenType)t : GgufTokenType.Undefined)]
            : Enumerable.Repeat(GgufTokenType.Normal, texts.Length).ToArray();
        List<int> endOfGeneration = [];
        foreach (var key in (string[])["tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id"])
        {
            if (file.Metadata.ContainsKey(key))
            {
                endOfGeneration.Add((int)file.GetInteger(key));
            }
        }

        switch (model)
        {
            case "llama":
                var scores = Floats(file, "tokenizer.ggml.scores", texts.Length);
                return new LlamaSpmTokenizer(
                    file.Path,
                    texts,
                    scores,
                    types,
                    Id(file, "tokenizer.ggml.bos_token_id", 1, texts.Length),
                    Id(file, "tokenizer.ggml.eos_token_id", 2, texts.Length),
                    Id(file, "tokenizer.ggml.unknown_token_id", 0, texts.Length),
                    Optional<bool?>(file, "tokenizer.ggml.add_bos_token") ?? true,
                    Optional<bool?>(file, "tokenizer.ggml.add_space_prefix") ?? true,
                    endOfGeneration);
            case "gpt2":
                var merges = Strings(file, "tokenizer.ggml.merges");
                foreach (var merge in merges)
                {
                    if (merge.IndexOf(' ', 1) < 0)
                    {
                        throw file.Corrupt($"tokenizer.ggml.merges holds '{merge}', which is not two tokens separated by a space");
                    }
                }

                return new ByteLevelBpeTokenizer(
                    file.Path,
                    texts,
                    types,
                    merges,
                    Optional<string>(file, "tokenizer.ggml.pre"),
                    Id(file, "tokenizer.ggml.bos_token_id", -1, texts.Length),
                    Id(file, "tokenizer.ggml.eos_token_id", -1, texts.Length),
                    Optional<bool?>(file, "tokenizer.ggml.add_bos_token"),
                    endOfGeneration);
            default:
                throw file.Corrupt($"tokenizer.ggml.model '{model}' is not supported (only 'llama' SentencePiece and 'gpt2' byte-level BPE are)");
        }
    }

    /// <summary>
    /// Reads a llama2.c <c>tokenizer.bin</c> (max piece length, then per token: score, length, UTF-8 bytes) holding
    /// <paramref name="vocabSize"/> tokens. Throws <see cref="InvalidDataException"/> naming the file when it is
    /// truncated or malformed.
    /// </summary>
    public static Llama2CTokenizer FromLlama2C(string path, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 3);
        var pieces = new string[vocabSize];
        var scores = new float[vocabSize];
        using var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            var maxLength = reader.ReadInt32();
            if (maxLength is <= 0 or > 1 << 16)
            {
                throw new InvalidDataException($"'{path}' is not a valid llama2.c tokenizer: its maximum token length is {maxLength}.");
            }

            for (var i = 0; i < vocabSize; i++)
            {
                scores[i] = reader.ReadSingle();
                var length = reader.ReadInt32();
                if (length < 0 || length > maxLength)
                {
                    throw new InvalidDataException($"'{path}' is not a valid llama2.c tokenizer: token {i} has length {length} (the maximum is {maxLength}).");
                }

                var bytes = reader.ReadBytes(length);
                if (bytes.Length < length)
                {
                    throw new EndOfStreamException();
                }

                pieces[i] = Encoding.UTF8.GetString(bytes);
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' is not a valid llama2.c tokenizer: it ends before its {vocabSize} tokens (truncated, or another vocabulary size).");
        }

        return new Llama2CTokenizer(path, pieces, scores);
    }

    private static T? Optional<T>(GgufFile file, string key) =>
        !file.Metadata.TryGetValue(key, out var value) ? default
        : value is T typed ? typed
        : typeof(T) == typeof(bool?) && value is bool b ? (T)(object)b
        : throw file.Corrupt($"metadata '{key}' has type {value.GetType().Name}");

    private static string[] Strings(GgufFile file, string key) =>
        [.. file.GetArray(key).Select(v => v as string ?? throw file.Corrupt($"{key} holds a non-string"))];

    private static long[] Integers(GgufFile file, string key, int count)
    {
        var values = file.GetArray(key);
        return values.Length != count
            ? throw file.Corrupt($"{key} has {values.Length} entries for {count} tokens")
            : [.. values.Select(v => v is float or double or string or bool or object[]
                ? throw file.Corrupt($"{key} holds a non-integer")
                : Convert.ToInt64(v, CultureInfo.InvariantCulture))];
    }

    private static float[] Floats(GgufFile file, string key, int count)
    {
        var values = file.GetArray(key);
        return values.Length != count
            ? throw file.Corrupt($"{key} has {values.Length} entries for {count} tokens")
            : [.. values.Select(v => v is float or double ? Convert.ToSingle(v, CultureInfo.InvariantCulture) : throw file.Corrupt($"{key} holds a non-float"))];
    }

    private static int Id(GgufFile file, string key, int fallback, int count)
    {
        if (!file.Metadata.ContainsKey(key))
        {
            return fallback;
        }

        var id = file.GetInteger(key);
        return id >= 0 && id < count ? (int)id : -1; // llama.cpp writes 0xFFFFFFFF for "none"
    }
}
