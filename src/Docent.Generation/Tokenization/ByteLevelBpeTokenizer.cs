using System.Text;
using Microsoft.ML.Tokenizers;

namespace Docent.Generation.Tokenization;

/// <summary>
/// GPT-2 byte-level BPE from GGUF metadata (<c>tokenizer.ggml.model</c> = "gpt2"), encoding as llama.cpp does: the
/// pre-tokenizer named by <c>tokenizer.ggml.pre</c> ("gpt-2", "llama-bpe", "qwen2", "default") splits the text into
/// words, each word's UTF-8 bytes are spelled with GPT-2's byte characters and merged by <c>tokenizer.ggml.merges</c>
/// rank. The merging is Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> (byte-level, built from the in-memory
/// vocabulary and merges): it reproduces llama.cpp's gpt-2 test vectors, so it is not hand-written here; the
/// pre-tokenization is ours, to follow llama.cpp's regex splitting (and Llama 3's whole-word shortcut). Decoding maps
/// the byte characters back to bytes and renders control tokens as nothing. Immutable; thread-safe.
/// </summary>
public sealed class ByteLevelBpeTokenizer : GenerationTokenizer
{
    private readonly BytePairPreTokenizer _preTokenizer;
    private readonly BpeTokenizer _bpe;
    private readonly Dictionary<string, int> _ids;

    /// <summary>
    /// Creates the tokenizer from per-token texts and types, the merges ("left right", rank = index), the
    /// pre-tokenizer name (<c>tokenizer.ggml.pre</c>; null for llama.cpp's default) and the special ids (-1 for none);
    /// <paramref name="addBos"/> null takes the pre-tokenizer's default (true for Llama 3, else false).
    /// </summary>
    public ByteLevelBpeTokenizer(
        string source,
        IReadOnlyList<string> texts,
        IReadOnlyList<GgufTokenType> types,
        IReadOnlyList<string> merges,
        string? preTokenizer,
        int bosId,
        int eosId,
        bool? addBos,
        IEnumerable<int>? endOfGeneration = null)
        : this(source, Checked(texts, types, merges), [.. merges], PreTokenizerFor(source, preTokenizer), bosId, eosId, addBos, endOfGeneration ?? [])
    {
    }

    private ByteLevelBpeTokenizer(
        string source,
        (string[] Texts, GgufTokenType[] Types) vocabulary,
        string[] merges,
        BytePairPreTokenizer preTokenizer,
        int bosId,
        int eosId,
        bool? addBos,
        IEnumerable<int> endOfGeneration)
        : base(source, vocabulary.Texts, vocabulary.Types, Pieces(vocabulary.Texts, vocabulary.Types), bosId, eosId, addBos ?? preTokenizer.AddBosByDefault, endOfGeneration)
    {
        _preTokenizer = preTokenizer;

        // As llama.cpp's token_to_id: every token, the last of equal texts winning.
        _ids = new Dictionary<string, int>(vocabulary.Texts.Length, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Texts.Length; i++)
        {
            _ids[vocabulary.Texts[i]] = i;
        }

        _bpe = BpeTokenizer.Create(new BpeOptions(_ids) { Merges = merges, ByteLevel = true });
    }

    /// <summary>The pre-tokenizer in use ("gpt-2", "llama-bpe", "qwen2" or "default").</summary>
    public string PreTokenizer => _preTokenizer.Name;

    /// <inheritdoc />
    private protected override void EncodeText(string text, bool afterSpecial, List<int> output)
    {
        foreach (var word in _preTokenizer.Split(text))
        {
            if (_preTokenizer.IgnoreMerges && _ids.TryGetValue(ByteUnicodeMap.Encode(Encoding.UTF8.GetBytes(word)), out var whole))
            {
                output.Add(whole);
                continue;
            }

            output.AddRange(_bpe.EncodeToIds(word, considerPreTokenization: false, considerNormalization: false));
        }
    }

    /// <inheritdoc />
    private protected override bool DropsLeadingSpace(int previous, int id) => false;

    private static BytePairPreTokenizer PreTokenizerFor(string source, string? name) =>
        BytePairPreTokenizer.ForName(name)
        ?? throw new InvalidDataException($"'{source}' names the BPE pre-tokenizer '{name}', which is not supported (gpt-2, llama-bpe, qwen2 and default are).");

    private static (string[] Texts, GgufTokenType[] Types) Checked(IReadOnlyList<string> texts, IReadOnlyList<GgufTokenType> types, IReadOnlyList<string> merges)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(merges);
        if (types.Count != texts.Count)
        {
            throw new ArgumentException($"{texts.Count} tokens but {types.Count} types.", nameof(types));
        }

        return ([.. texts], [.. types]);
    }

    // As llama.cpp's token_to_piece without special rendering: normal tokens through GPT-2's byte map, user-defined
    // text verbatim, everything else (control, unknown, unused) as nothing.
    private static byte[][] Pieces(string[] texts, GgufTokenType[] types)
    {
        var pieces = new byte[texts.Length][];
        for (var i = 0; i < texts.Length; i++)
        {
            pieces[i] = types[i] switch
            {
                GgufTokenType.Normal or GgufTokenType.Undefined => ByteUnicodeMap.Decode(texts[i]),
                GgufTokenType.UserDefined => Encoding.UTF8.GetBytes(texts[i]),
                _ => [],
            };
        }

        return pieces;
    }
}
