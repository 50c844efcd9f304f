using System.Globalization;
using System.Text;

namespace Docent.Generation.Tokenization;

/// <summary>
/// A llama2.c <c>tokenizer.bin</c> vocabulary, encoding as llama2.c's <c>run.c</c> <c>encode</c> does: a dummy-prefix
/// " " token before non-empty text, one token per UTF-8 code point (raw bytes as ids byte + 3 when the code point
/// has none), then merging the adjacent pair whose concatenation is the best-scoring token, leftmost first. Ids 0,
/// 1 and 2 are &lt;unk&gt;, BOS and EOS; with parseSpecial their texts "&lt;unk&gt;", "&lt;s&gt;" and "&lt;/s&gt;"
/// become those ids. Decoding is run.c's: '&lt;0xNN&gt;' is a raw byte and the space after BOS (or at the start) is
/// dropped; BOS and EOS themselves decode to nothing.
/// Immutable; thread-safe.
/// </summary>
public sealed class Llama2CTokenizer : GenerationTokenizer
{
    private static readonly string[] SpecialTexts = ["<unk>", "<s>", "</s>"];

    private readonly string[] _pieceTexts;
    private readonly Dictionary<string, int> _ids;
    private readonly float[] _scores;
    private readonly int _spaceId;

    /// <summary>Creates the tokenizer from the pieces (as stored, spaces included) and their scores.</summary>
    public Llama2CTokenizer(string source, IReadOnlyList<string> pieces, IReadOnlyList<float> scores)
        : this(source, Checked(pieces, scores), [.. scores])
    {
    }

    private Llama2CTokenizer(string source, string[] pieces, float[] scores)
        : base(source, SpecialAwareTexts(pieces), Types(pieces), Pieces(pieces), bosId: 1, eosId: 2, addBos: true, endOfGeneration: [])
    {
        _pieceTexts = pieces;
        _scores = scores;

        // run.c looks pieces up by binary search; with distinct pieces (as in real vocabularies) any id is the one.
        _ids = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        for (var i = 0; i < pieces.Length; i++)
        {
            _ids.TryAdd(pieces[i], i);
        }

        _spaceId = _ids.TryGetValue(" ", out var space) ? space : -1;
    }

    /// <inheritdoc />
    private protected override void EncodeText(string text, bool afterSpecial, List<int> output)
    {
        // The merges run over the concatenated texts of the initial tokens, so each symbol is a span of one string.
        var subject = new StringBuilder(text.Length + 1);
        var symbols = new List<ScoreMerger.Symbol>(text.Length + 1);
        if (afterSpecial && text.Length > 0)
        {
            if (_spaceId < 0)
            {
                throw new InvalidOperationException($"'{Source}' has no \" \" token for the dummy prefix.");
            }

            Add(_spaceId);
        }

        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var codePoint = text.AsSpan(i, length);
            if (lookup.TryGetValue(codePoint, out var id))
            {
                Add(id);
            }
            else
            {
                var n = Encoding.UTF8.GetBytes(codePoint, utf8);
                for (var j = 0; j < n; j++)
                {
                    Add(utf8[j] + 3 < _pieceTexts.Length ? utf8[j] + 3 : throw new InvalidOperationException($"'{Source}' has no byte token for 0x{utf8[j]:X2}."));
                }
            }

            i += length - 1;
        }

        foreach (var symbol in ScoreMerger.Merge(subject.ToString(), symbols, lookup, _scores, -1e10f))
        {
            output.Add(symbol.Id);
        }

        void Add(int id)
        {
            symbols.Add(new ScoreMerger.Symbol(subject.Length, _pieceTexts[id].Length, id));
            subject.Append(_pieceTexts[id]);
        }
    }

    /// <inheritdoc />
    private protected override bool DropsLeadingSpace(int previous, int id) => previous is 1 or < 0;

    private static string[] Checked(IReadOnlyList<string> pieces, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count != pieces.Count || pieces.Count < 3)
        {
            throw new ArgumentException($"{pieces.Count} pieces and {scores.Count} scores (at least 3, one score each).", nameof(scores));
        }

        return [.. pieces];
    }

    private static string[] SpecialAwareTexts(string[] pieces)
    {
        var texts = (string[])pieces.Clone();
        SpecialTexts.CopyTo(texts, 0);
        return texts;
    }

    private static GgufTokenType[] Types(string[] pieces) =>
        [.. pieces.Select((p, i) => i switch
        {
            0 => GgufTokenType.Unknown,
            1 or 2 => GgufTokenType.Control,
            _ => ByteOf(p) is null ? GgufTokenType.Normal : GgufTokenType.Byte,
        })];

    // As run.c's decode: '<0xNN>' is the byte, anything else its text ('▁' as a space, for vocabularies that keep
    // it); BOS and EOS (run.c stops at them and never prints them) render as nothing, as control tokens do elsewhere.
    private static byte[][] Pieces(string[] pieces) =>
        [.. pieces.Select((p, i) => i is 1 or 2 ? [] : ByteOf(p) is { } b ? [b] : Encoding.UTF8.GetBytes(p.Replace('\u2581', ' ')))];

    private static byte? ByteOf(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b) ? b : null;
}
