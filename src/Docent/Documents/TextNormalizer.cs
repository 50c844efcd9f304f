using System.Text;
using Docent.Text;

namespace Docent.Documents;

/// <summary>
/// Normalises text the way every reader must hand it on: Unicode NFC, invisible format characters and
/// controls removed, whitespace runs collapsed to one space and the ends trimmed (prose), or line structure
/// and indentation kept with trailing spaces trimmed (code). Stateless and thread-safe.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalises prose: NFC, whitespace runs collapsed to one space, trimmed; "" when nothing is left.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (IsDropped(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            AppendChecked(builder, text, ref i);
        }

        return ComposeNfc(builder.ToString());
    }

    /// <summary>
    /// Normalises code: NFC, line breaks unified to '\n', indentation kept, trailing spaces of each line and
    /// leading/trailing blank lines removed; "" when nothing is left.
    /// </summary>
    public static string NormalizeCode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var builder = new StringBuilder(text.Length);
        var pendingNewlines = 0;
        foreach (var rawLine in lines)
        {
            var line = CleanCodeLine(rawLine);
            if (line.Length == 0)
            {
                pendingNewlines += builder.Length > 0 ? 1 : 0;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n', pendingNewlines + 1);
            }

            pendingNewlines = 0;
            builder.Append(line);
        }

        return ComposeNfc(builder.ToString());
    }

    /// <summary>Composes <paramref name="text"/> to NFC, also where the runtime has no ICU (invariant globalization).</summary>
    public static string ComposeNfc(string text)
    {
        if (IsAscii(text))
        {
            return text;
        }

        return CanonicalComposer.RuntimeNormalizes
            ? text.Normalize(NormalizationForm.FormC)
            : CanonicalComposer.Compose(text);
    }

    private static string CleanCodeLine(string line)
    {
        var builder = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\t')
            {
                builder.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                builder.Append(' ');
            }
            else if (!IsDropped(c))
            {
                AppendChecked(builder, line, ref i);
            }
        }

        var end = builder.Length;
        while (end > 0 && char.IsWhiteSpace(builder[end - 1]))
        {
            end--;
        }

        builder.Length = end;
        return builder.ToString();
    }

    // Appends text[i], replacing a lone surrogate by U+FFFD (string.Normalize rejects them) and copying a
    // valid pair whole.
    private static void AppendChecked(StringBuilder builder, string text, ref int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            builder.Append(c).Append(text[i + 1]);
            i++;
        }
        else if (char.IsSurrogate(c))
        {
            builder.Append('\uFFFD');
        }
        else
        {
            builder.Append(c);
        }
    }

    // Controls and invisible format characters that carry no text; ZWJ/ZWNJ stay (emoji, Indic scripts).
    private static bool IsDropped(char c) =>
        char.IsControl(c) || c is '\uFEFF' or '\u200B' or '\u00AD' or '\u2060' or '\uFFFE';

    private static bool IsAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
