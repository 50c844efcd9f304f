using System.Globalization;
using System.Text;

namespace Docent.Models.Onnx;

/// <summary>
/// The text clean-up that Hugging Face's BertNormalizer does and Microsoft.ML.Tokenizers' does not (or
/// does differently), applied before <see cref="Microsoft.ML.Tokenizers.BertTokenizer"/> sees the text:
/// control and format characters dropped (Cc, Cf, Co, Cn, lone surrogates; ML.Tokenizers drops only Cc and
/// so would also glue words across a line break), every whitespace character made a space, CJK ideographs
/// surrounded by spaces, full lower-casing (titlecase letters too), and canonical decomposition when
/// accents are to be stripped. Stateless and thread-safe.
/// </summary>
internal static class BertTextCleaner
{
    /// <summary>The cleaned text.</summary>
    public static string Clean(string text, bool lowerCase, bool decompose)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                i++; // a lone surrogate
                continue;
            }

            i += consumed;
            var value = rune.Value;
            if (value is 0 or 0xFFFD)
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                builder.Append(' ');
                continue;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
            {
                continue;
            }

            if (IsCjkIdeograph(value))
            {
                builder.Append(' ');
                AppendRune(builder, rune);
                builder.Append(' ');
                continue;
            }

            AppendRune(builder, lowerCase ? Rune.ToLowerInvariant(rune) : rune);
        }

        var cleaned = builder.ToString();
        return decompose ? CanonicalDecomposer.Decompose(cleaned) : cleaned;
    }

    /// <summary>BERT's "Chinese character" ranges (CJK Unified Ideographs and extensions, compatibility ideographs).</summary>
    public static bool IsCjkIdeograph(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    private static void AppendRune(StringBuilder builder, Rune rune)
    {
        Span<char> buffer = stackalloc char[2];
        var length = rune.EncodeToUtf16(buffer);
        builder.Append(buffer[..length]);
    }
}
