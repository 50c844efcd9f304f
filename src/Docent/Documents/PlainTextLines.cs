using System.Text.RegularExpressions;

namespace Docent.Documents;

/// <summary>
/// Recognises the structural lines of plain text for <see cref="TextBlockAssembler"/>: Markdown-style headings
/// ("# Title", "## Section", and a line underlined with "===" or "---"), separator lines, and the parts of a
/// man page rendered as text (<c>man tail | col -b</c>): the "TAIL(1) User Commands TAIL(1)" header, the
/// "GNU coreutils 9.1 September 2022 TAIL(1)" footer, section names in capitals at the margin ("DESCRIPTION")
/// and subsection names indented one to four columns ("   Exit status:"). Stateless and thread-safe.
/// </summary>
internal static partial class PlainTextLines
{
    /// <summary>The longest line taken as a heading, in characters; longer lines are text.</summary>
    public const int MaxHeadingChars = 120;

    /// <summary>An ATX heading: up to three spaces, one to six '#', a space, the text, optional closing '#'s.</summary>
    public static bool TryAtxHeading(string line, out int level, out string text)
    {
        var match = AtxHeading().Match(line);
        if (match.Success && match.Groups[2].Length is > 0 and <= MaxHeadingChars)
        {
            level = match.Groups[1].Length;
            text = match.Groups[2].Value;
            return true;
        }

        (level, text) = (0, "");
        return false;
    }

    /// <summary>
    /// A line of three or more '=' (level 1) or '-' (level 2) and nothing else: the underline of a setext
    /// heading after a one-line paragraph, otherwise a separator.
    /// </summary>
    public static bool IsUnderline(string line, out int level)
    {
        var trimmed = line.AsSpan().Trim();
        level = 0;
        if (trimmed.Length < 3 || line.Length - line.AsSpan().TrimStart().Length > 3)
        {
            return false;
        }

        if (!trimmed.ContainsAnyExcept('='))
        {
            level = 1;
        }
        else if (!trimmed.ContainsAnyExcept('-'))
        {
            level = 2;
        }

        return level > 0;
    }

    /// <summary>
    /// A man page's header line: a page name and section at both ends ("TAIL(1) … TAIL(1)"). Returns the
    /// "TAIL(1)" tag that the footer ends with too, and a title ("TAIL(1) User Commands").
    /// </summary>
    public static bool TryManHeader(string line, out string tag, out string title)
    {
        var match = ManHeader().Match(line);
        if (match.Success)
        {
            tag = match.Groups[1].Value;
            var middle = TextNormalizer.Normalize(match.Groups[2].Value);
            title = middle.Length > 0 ? tag + " " + middle : tag;
            return true;
        }

        (tag, title) = ("", "");
        return false;
    }

    /// <summary>A man page's header or footer line: at the margin, ending in the page's tag after some other text.</summary>
    public static bool IsManHeaderOrFooter(string line, string tag)
    {
        var trimmed = line.AsSpan().TrimEnd();
        return line.Length > 0 && !char.IsWhiteSpace(line[0])
            && trimmed.Length > tag.Length && trimmed.EndsWith(tag, StringComparison.Ordinal)
            && char.IsWhiteSpace(trimmed[^(tag.Length + 1)]);
    }

    /// <summary>
    /// A man page's heading level: 1 for a section name in capitals at the margin ("SEE ALSO"), 2 for a
    /// subsection name indented one to four columns (body text is indented five or more); 0 for text.
    /// </summary>
    public static int ManHeadingLevel(string line)
    {
        var text = line.AsSpan().Trim();
        if (text.Length == 0 || text.Length > MaxHeadingChars)
        {
            return 0;
        }

        var indent = Indent(line);
        if (indent == 0)
        {
            return IsCapitals(text) ? 1 : 0;
        }

        return indent <= 4 && text[0] != '-' ? 2 : 0;
    }

    // Columns of leading whitespace, a tab advancing to the next multiple of eight (as a terminal shows it).
    private static int Indent(string line)
    {
        var columns = 0;
        foreach (var c in line)
        {
            if (c == '\t')
            {
                columns = (columns / 8 + 1) * 8;
            }
            else if (char.IsWhiteSpace(c))
            {
                columns++;
            }
            else
            {
                break;
            }
        }

        return columns;
    }

    private static bool IsCapitals(ReadOnlySpan<char> text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            if (char.IsLetter(c))
            {
                letters++;
            }
        }

        return letters > 0;
    }

    [GeneratedRegex(@"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", RegexOptions.CultureInvariant)]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^([^\s()]+\([0-9][0-9A-Za-z]*\))\s+(.*?)\s*\1\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ManHeader();
}
