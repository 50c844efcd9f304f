namespace Docent.Documents;

/// <summary>
/// Bounds how deeply an HTML document nests before AngleSharp parses it: AngleSharp's tree builder walks
/// the stack of open elements for many start tags, so 100,000 nested &lt;div&gt;s take quadratic time. One
/// linear scan over the bytes counts open elements that need an end tag (void elements, elements whose end
/// tag is optional such as p, li, td, and raw-text elements such as script are not counted: they cannot
/// nest without a counted element between); start tags deeper than the limit are removed with their end
/// tags, and so are optional-end tags there. The text inside stays, only the nesting is flattened. Works on any ASCII-compatible encoding ('&lt;' and
/// '&gt;' never occur inside a multi-byte character of UTF-8, Latin-1, Shift_JIS, GBK or Big5). Stateless
/// and thread-safe.
/// </summary>
internal static class HtmlNestingLimiter
{
    /// <summary>The deepest nesting of counted elements that reaches the parser.</summary>
    public const int MaxDepth = 256;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "param", "keygen", "basefont", "bgsound", "frame", "image", "html", "head", "body",
    };

    // Optional end tags: a second one closes the first instead of nesting. Beyond the limit they are removed
    // too, so a flattened region holds no structure to rebuild (100,000 li siblings would still cost the
    // parser a walk down the stack each).
    private static readonly HashSet<string> OptionalEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup",
        "caption", "rb", "rt", "rtc", "rp",
    };

    // Elements whose content is text up to their end tag; "plaintext" has no end tag.
    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title", "plaintext",
    };

    /// <summary>
    /// Returns <paramref name="html"/> unchanged when no counted element nests deeper than
    /// <paramref name="maxDepth"/>, else a copy without the tags beyond it; <paramref name="removedTags"/>
    /// says how many start tags were removed.
    /// </summary>
    public static byte[] Limit(byte[] html, int maxDepth, out int removedTags)
    {
        ArgumentNullException.ThrowIfNull(html);
        var removed = new List<(int Start, int End)>();
        removedTags = 0;
        int depth = 0, excess = 0, foreign = 0;
        var span = html.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var offset = span[i..].IndexOf((byte)'<');
            if (offset < 0)
            {
                break;
            }

            var start = i + offset;
            var rest = span[start..];
            if (rest.StartsWith("<!--"u8))
            {
                i = SkipPast(span, start + 4, "-->"u8);
            }
            else if (rest.Length > 1 && rest[1] is (byte)'!' or (byte)'?')
            {
                i = SkipPast(span, start + 2, ">"u8);
            }
            else if (rest.Length > 2 && rest[1] == '/' && IsAsciiLetter(rest[2]))
            {
                var name = ReadName(span, start + 2);
                i = SkipPast(span, start + 2, ">"u8);
                if (Void.Contains(name) || RawText.Contains(name))
                {
                    continue;
                }

                if (OptionalEnd.Contains(name))
                {
                    if (excess > 0)
                    {
                        removed.Add((start, i));
                    }

                    continue;
                }

                if (excess > 0)
                {
                    excess--;
                    removed.Add((start, i));
                }
                else
                {
                    depth = Math.Max(0, depth - 1);
                    if (name is "svg" or "math")
                    {
                        foreign = Math.Max(0, foreign - 1);
                    }
                }
            }
            else if (rest.Length > 1 && IsAsciiLetter(rest[1]))
            {
                var name = ReadName(span, start + 1);
                i = EndOfStartTag(span, start + 1 + name.Length, out var selfClosing);
                if (RawText.Contains(name))
                {
                    i = string.Equals(name, "plaintext", StringComparison.OrdinalIgnoreCase)
                        ? span.Length
                        : SkipToEndTag(span, i, name);
                }
                else if (Void.Contains(name) || (selfClosing && foreign > 0))
                {
                    continue;
                }
                else if (OptionalEnd.Contains(name))
                {
                    if (excess > 0)
                    {
                        removed.Add((start, i));
                    }
                }
                else if (depth >= maxDepth)
                {
                    excess++;
                    removedTags++;
                    removed.Add((start, i));
                }
                else
                {
                    depth++;
                    if (name is "svg" or "math")
                    {
                        foreign++;
                    }
                }
            }
            else
            {
                i = start + 1;
            }
        }

        return removed.Count == 0 ? html : Without(html, removed);
    }

    private static byte[] Without(byte[] html, List<(int Start, int End)> removed)
    {
        var length = html.Length;
        foreach (var (start, end) in removed)
        {
            length -= end - start;
        }

        var result = new byte[length];
        var from = 0;
        var to = 0;
        foreach (var (start, end) in removed)
        {
            html.AsSpan(from, start - from).CopyTo(result.AsSpan(to));
            to += start - from;
            from = end;
        }

        html.AsSpan(from).CopyTo(result.AsSpan(to));
        return result;
    }

    private static bool IsAsciiLetter(byte b) => char.IsAsciiLetter((char)b);

    // The tag name at index (letters, digits, '-', ':', '_'), lower-cased.
    private static string ReadName(ReadOnlySpan<byte> span, int index)
    {
        var end = index;
        while (end < span.Length && end - index < 64
            && (char.IsAsciiLetterOrDigit((char)span[end]) || span[end] is (byte)'-' or (byte)':' or (byte)'_'))
        {
            end++;
        }

        return System.Text.Encoding.ASCII.GetString(span[index..end]).ToLowerInvariant();
    }

    // Index just past the '>' that ends a start tag, honouring quoted attribute values.
    private static int EndOfStartTag(ReadOnlySpan<byte> span, int index, out bool selfClosing)
    {
        selfClosing = false;
        var afterEquals = false;
        while (index < span.Length)
        {
            var b = span[index];
            if (b == '>')
            {
                selfClosing = span[index - 1] == '/';
                return index + 1;
            }

            if (afterEquals && b is (byte)'"' or (byte)'\'')
            {
                var close = span[(index + 1)..].IndexOf(b);
                if (close < 0)
                {
                    return span.Length;
                }

                index += close + 2;
                afterEquals = false;
                continue;
            }

            if (b == '=')
            {
                afterEquals = true;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f'))
            {
                afterEquals = false;
            }

            index++;
        }

        return span.Length;
    }

    private static int SkipPast(ReadOnlySpan<byte> span, int index, ReadOnlySpan<byte> end)
    {
        var found = span[index..].IndexOf(end);
        return found < 0 ? span.Length : index + found + end.Length;
    }

    // Index just past "</name…>", or the end of the input when it never comes.
    private static int SkipToEndTag(ReadOnlySpan<byte> span, int index, string name)
    {
        while (index < span.Length)
        {
            var found = span[index..].IndexOf("</"u8);
            if (found < 0)
            {
                return span.Length;
            }

            var at = index + found + 2;
            if (string.Equals(ReadName(span, at), name, StringComparison.Ordinal))
            {
                return SkipPast(span, at, ">"u8);
            }

            index = at;
        }

        return span.Length;
    }
}
