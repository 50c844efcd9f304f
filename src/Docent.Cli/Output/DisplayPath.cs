using System.Globalization;
using System.Text;

namespace Docent.Cli.Output;

/// <summary>
/// Makes a path (or a message quoting one) safe to print on a terminal: control characters (ESC, carriage
/// return, newline, C1 controls), bidirectional overrides and unpaired surrogates are shown escaped
/// (<c>\x1b</c>, <c>\u202e</c>), so a hostile file name cannot move the cursor, recolour the terminal or
/// disguise itself. Bytes of a name that are not valid UTF-8 reach .NET already replaced by U+FFFD (�),
/// which is printed as is. Backslashes are kept, so Windows paths stay readable. JSON output needs none of
/// this (the serializer escapes control characters). Static and thread-safe.
/// </summary>
internal static class DisplayPath
{
    /// <summary>Returns <paramref name="text"/> with unprintable characters escaped; unchanged when there are none.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        if (!NeedsEscape(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (!IsUnsafe(c))
            {
                builder.Append(c);
            }
            else if (c <= '\u00ff')
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// How a stored source is shown to a person: relative to the current directory when that is an ancestor of it
    /// ("handbook/leave.md", which `docs remove` accepts from here), else as stored (the full path); escaped as
    /// <see cref="Escape"/> does. Sources that are not full paths (URIs, names) are shown as they are.
    /// </summary>
    public static string Relative(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!Path.IsPathFullyQualified(source))
        {
            return Escape(source);
        }

        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), source);
        var outside = relative is ".." or "." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
                      Path.IsPathRooted(relative);
        return Escape(outside ? source : relative);
    }

    private static bool NeedsEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) =>
        c < ' ' || (c >= '\u007f' && c <= '\u009f') || char.IsSurrogate(c) ||
        c is '\u200e' or '\u200f' or '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
