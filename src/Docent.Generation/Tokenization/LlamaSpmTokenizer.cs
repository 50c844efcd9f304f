using System.Globalization;
using System.Text;

namespace Docent.Generation.Tokenization;

/// <summary>
/// SentencePiece BPE from GGUF metadata (<c>tokenizer.ggml.model</c> = "llama"), encoding as llama.cpp's SPM
/// tokenizer does: spaces become '▁', a '▁' is prefixed to the input and after each special token
/// (<c>add_space_prefix</c>), UTF-8 characters are merged by best token score, and characters without a token fall
/// back to <c>&lt;0xNN&gt;</c> byte tokens. Decoding maps '▁' back to spaces and byte tokens to raw bytes, renders
/// control and unknown tokens as nothing, and drops the prefix space at the start and after a control token. Immutable; thread-safe.
/// </summary>
public sealed class LlamaSpmTokenizer : GenerationTokenizer
{
    private readonly Dictionary<string, int> _ids;
    private readonly float[] _scores;
    private readonly int[] _byteIds;
    private readonly GgufTokenType[] _types;

    /// <summary>Creates the tokenizer from per-token texts, scores and types and the special ids (-1 for none).</summary>
    public LlamaSpmTokenizer(
        string source,
        IReadOnlyList<string> texts,
        IReadOnlyList<float> scores,
        IReadOnlyList<GgufTokenType> types,
        int bosId,
        int eosId,
        int unknownId,
        bool addBos,
        bool addSpacePrefix,
        IEnumerable<int>? endOfGeneration = null)
        : this(source, Checked(texts, scores, types), [.. scores], bosId, eosId, unknownId, addBos, addSpacePrefix, endOfGeneration ?? [])
    {
    }

    private LlamaSpmTokenizer(
        string source,
        (string[] Texts, GgufTokenType[] Types) vocabulary,
        float[] scores,
        int bosId,
        int eosId,
        int unknownId,
        bool addBos,
        bool addSpacePrefix,
        IEnumerable<int> endOfGeneration)
        : base(source, vocabulary.Texts, vocabulary.Types, Pieces(vocabulary.Texts, vocabulary.Types), bosId, eosId, addBos, endOfGeneration)
    {
        _types = vocabulary.Types;
        _scores = scores;
        AddSpacePrefix = addSpacePrefix;
        UnknownId = (uint)unknownId < (uint)scores.Length ? unknownId : -1;

        // As llama.cpp's token_to_id: every token, the last of equal texts winning.
        _ids = new Dictionary<string, int>(vocabulary.Texts.Length, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Texts.Length; i++)
        {
            _ids[vocabulary.Texts[i]] = i;
        }

        _byteIds = new int[256];
        for (var b = 0; b < 256; b++)
        {
            _byteIds[b] = _ids.TryGetValue($"<0x{b:X2}>", out var id) ? id
                : b < 0x80 && _ids.TryGetValue(((char)b).ToString(), out id) ? id
                : UnknownId;
        }
    }

    /// <summary>Whether '▁' is prefixed to the text (GGUF <c>tokenizer.ggml.add_space_prefix</c>).</summary>
    public bool AddSpacePrefix { get; }

    /// <summary>The unknown token's id, or -1.</summary>
    public int UnknownId { get; }

    /// <inheritdoc />
    private protected override void EncodeText(string text, bool afterSpecial, List<int> output)
    {
        var escaped = (AddSpacePrefix && afterSpecial ? " " + text : text).Replace(' ', '\u2581');
        var symbols = new List<ScoreMerger.Symbol>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var length = char.IsHighSurrogate(escaped[i]) && i + 1 < escaped.Length && char.IsLowSurrogate(escaped[i + 1]) ? 2 : 1;
            symbols.Add(new ScoreMerger.Symbol(i, length, -1));
            i += length - 1;
        }

        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<byte> utf8 = stackalloc byte[8];
        foreach (var symbol in ScoreMerger.Merge(escaped, symbols, lookup, _scores, float.NegativeInfinity))
        {
            var span = escaped.AsSpan(symbol.Start, symbol.Length);
            var token = symbol.Id >= 0 ? symbol.Id : lookup.TryGetValue(span, out var single) ? single : -1;
            if (token >= 0)
            {
                output.Add(token);
                continue;
            }

            // A character without a token of its own: its UTF-8 bytes as byte tokens.
            var n = Encoding.UTF8.GetBytes(span, utf8);
            for (var j = 0; j < n; j++)
            {
                var id = _byteIds[utf8[j]];
                output.Add(id >= 0 ? id : throw new InvalidOperationException($"'{Source}' has no token for byte 0x{utf8[j]:X2} and no unknown token."));
            }
        }
    }

    /// <inheritdoc />
    private protected override bool DropsLeadingSpace(int previous, int id) =>
        AddSpacePrefix && _types[id] == GgufTokenType.Normal && ((uint)previous >= (uint)_types.Length || _types[previous] == GgufTokenType.Control);

    private static (string[] Texts, GgufTokenType[] Types) Checked(IReadOnlyList<string> texts, IReadOnlyList<float> scores, IReadOnlyList<GgufTokenType> types)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(types);
        if (scores.Count != texts.Count || types.Count != texts.Count)
        {
            throw new ArgumentException($"{texts.Count} tokens but {scores.Count} scores and {types.Count} types.", nameof(scores));
        }

        return ([.. texts], [.. types]);
    }

    // As llama.cpp's token_to_piece without special rendering: text with '▁' as space, byte tokens as their byte,
    // user-defined text verbatim, control, unknown and unused tokens as nothing. (Undefined types, which llama.cpp
    // renders as nothing too, are taken as normal text.)
    private static byte[][] Pieces(string[] texts, GgufTokenType[] types)
    {
        var pieces = new byte[texts.Length][];
        for (var i = 0; i < texts.Length; i++)
        {
            var text = texts[i];
            pieces[i] = types[i] switch
            {
                GgufTokenType.Normal or GgufTokenType.Undefined => Encoding.UTF8.GetBytes(text.Replace('\u2581', ' ')),
                GgufTokenType.UserDefined => Encoding.UTF8.GetBytes(text),
                GgufTokenType.Byte when text.Length == 6 && text.StartsWith("<0x", StringComparison.Ordinal) && text[5] == '>'
                    && byte.TryParse(text.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b) => [b],
                _ => [],
            };
        }

        return pieces;
    }
}
