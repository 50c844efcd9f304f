using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Docent.Models.Onnx;

/// <summary>
/// BERT's basic pre-tokenisation as Hugging Face and the original BERT code do it: split on whitespace,
/// and make every punctuation character (ASCII symbols such as '=', '$', '`' included, and every Unicode
/// P* character) a piece of its own; everything else, symbols and emoji too, stays inside its word.
/// Replaces ML.Tokenizers' default pattern (<c>\w+|[\p{P}]</c>), which silently drops symbols ('=', '½',
/// emoji) and splits words at spacing combining marks. Special tokens (e.g. "[sep]" after lower-casing)
/// are kept whole. Immutable and thread-safe.
/// </summary>
internal sealed class BertPreTokenizer : PreTokenizer
{
    private readonly string[] _specialTokens;

    public BertPreTokenizer(IEnumerable<string> specialTokens)
    {
        _specialTokens = specialTokens.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(t => t.Length).ToArray();
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        string.IsNullOrEmpty(text) ? [] : Split(text.AsSpan());

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : Split(text);

    /// <summary>Whether <paramref name="rune"/> is punctuation in BERT's sense.</summary>
    public static bool IsPunctuation(Rune rune)
    {
        var value = rune.Value;
        if (value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var pieces = new List<(int, int)>();
        var wordStart = -1;
        for (var i = 0; i < text.Length;)
        {
            var special = MatchSpecial(text[i..]);
            if (special > 0)
            {
                Flush(pieces, ref wordStart, i);
                pieces.Add((i, special));
                i += special;
                continue;
            }

            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                Flush(pieces, ref wordStart, i);
            }
            else if (IsPunctuation(rune))
            {
                Flush(pieces, ref wordStart, i);
                pieces.Add((i, consumed));
            }
            else if (wordStart < 0)
            {
                wordStart = i;
            }

            i += consumed;
        }

        Flush(pieces, ref wordStart, text.Length);
        return pieces;
    }

    private int MatchSpecial(ReadOnlySpan<char> rest)
    {
        foreach (var token in _specialTokens)
        {
            if (rest.StartsWith(token, StringComparison.Ordinal))
            {
                return token.Length;
            }
        }

        return 0;
    }

    private static void Flush(List<(int, int)> pieces, ref int wordStart, int end)
    {
        if (wordStart >= 0)
        {
            pieces.Add((wordStart, end - wordStart));
            wordStart = -1;
        }
    }
}
