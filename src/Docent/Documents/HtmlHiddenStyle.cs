using System.Globalization;
using AngleSharp.Dom;

namespace Docent.Documents;

/// <summary>
/// Whether an HTML element's inline <c>style</c> hides its text from people while leaving it in the page for a program to
/// read: <c>display:none</c>, <c>visibility:hidden</c>, <c>opacity:0</c>, <c>font-size:0</c>, a transparent colour, a colour
/// the same as its background, or white (or nearly) on no background at all. Only inline styles are read (no style sheets);
/// the background is the element's own, else the nearest of its <see cref="MaxAncestors"/> closest ancestors that sets one,
/// so each element costs a bounded walk and a page stays linear to read. Static; thread-safe.
/// </summary>
internal static class HtmlHiddenStyle
{
    /// <summary>Ancestors looked at for a background before white text is taken to stand on none.</summary>
    public const int MaxAncestors = 32;

    /// <summary>The most characters of one style attribute read.</summary>
    private const int MaxStyleChars = 4096;

    private static readonly Dictionary<string, (int R, int G, int B)> Named = new(StringComparer.Ordinal)
    {
        ["white"] = (255, 255, 255),
        ["snow"] = (255, 250, 250),
        ["ivory"] = (255, 255, 240),
        ["ghostwhite"] = (248, 248, 255),
        ["whitesmoke"] = (245, 245, 245),
        ["floralwhite"] = (255, 250, 240),
        ["seashell"] = (255, 245, 238),
        ["mintcream"] = (245, 255, 250),
        ["azure"] = (240, 255, 255),
        ["aliceblue"] = (240, 248, 255),
        ["honeydew"] = (240, 255, 240),
        ["black"] = (0, 0, 0),
    };

    /// <summary>Why <paramref name="element"/>'s inline style hides it ("CSS display:none"), or null when it does not.</summary>
    public static string? Reason(IElement element)
    {
        if (element.GetAttribute("style") is not { Length: > 0 } style)
        {
            return null;
        }

        string? color = null;
        string? background = null;
        foreach (var (name, value) in Declarations(style))
        {
            switch (name)
            {
                case "display" when value == "none":
                    return "CSS display:none";
                case "visibility" when value is "hidden" or "collapse":
                    return "CSS visibility:hidden";
                case "opacity" when IsZero(value):
                    return "CSS opacity:0";
                case "font-size" when IsZero(value):
                    return "CSS font-size:0";
                case "color":
                    color = value;
                    break;
                case "background-color" or "background":
                    background = value;
                    break;
            }
        }

        if (color is null)
        {
            return null;
        }

        if (color == "transparent" || Parse(color) is { A: 0 })
        {
            return "transparent text";
        }

        background ??= AncestorBackground(element);
        if (background is not null)
        {
            return color == background || (Parse(color) is { } c && BackgroundColor(background) is { } b && Near(c, b))
                ? "text coloured like its background"
                : null;
        }

        return Parse(color) is { } text && Math.Min(text.R, Math.Min(text.G, text.B)) >= 240 ? "white-on-white text" : null;
    }

    private static string? AncestorBackground(IElement element)
    {
        var ancestor = element.ParentElement;
        for (var i = 0; i < MaxAncestors && ancestor is not null; i++, ancestor = ancestor.ParentElement)
        {
            if (ancestor.GetAttribute("style") is { Length: > 0 } style)
            {
                foreach (var (name, value) in Declarations(style))
                {
                    if (name is "background-color" or "background")
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The declarations of an inline style, names and values trimmed and lower-cased, "!important" dropped.</summary>
    private static IEnumerable<(string Name, string Value)> Declarations(string style)
    {
        if (style.Length > MaxStyleChars)
        {
            style = style[..MaxStyleChars];
        }

        foreach (var declaration in style.Split(';'))
        {
            var colon = declaration.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var value = declaration[(colon + 1)..].Replace("!important", "", StringComparison.OrdinalIgnoreCase).Trim().ToLowerInvariant();
            yield return (declaration[..colon].Trim().ToLowerInvariant(), value);
        }
    }

    // "0", "0px", "0.0em", "0%": a number that is zero, whatever its unit.
    private static bool IsZero(string value)
    {
        var end = 0;
        while (end < value.Length && (char.IsAsciiDigit(value[end]) || value[end] is '.' or '+' or '-'))
        {
            end++;
        }

        return end > 0 && double.TryParse(value.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Math.Abs(number) < 0.01;
    }

    private static bool Near((int R, int G, int B, double A) a, (int R, int G, int B, double A) b) =>
        Math.Abs(a.R - b.R) <= 12 && Math.Abs(a.G - b.G) <= 12 && Math.Abs(a.B - b.B) <= 12;

    // The colour of a background shorthand: the whole value, else its first token that is a colour.
    private static (int R, int G, int B, double A)? BackgroundColor(string background) =>
        Parse(background) ?? background.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).FirstOrDefault(c => c is not null);

    /// <summary>A colour written as a name of <see cref="Named"/>, #rgb(a), #rrggbb(aa), rgb() or rgba(); null otherwise.</summary>
    internal static (int R, int G, int B, double A)? Parse(string value)
    {
        if (Named.TryGetValue(value, out var named))
        {
            return (named.R, named.G, named.B, 1);
        }

        if (value.StartsWith('#'))
        {
            var hex = value[1..];
            if (hex.Length is 3 or 4 && hex.All(char.IsAsciiHexDigit))
            {
                int Digit(int i) => Convert.ToInt32(new string(hex[i], 2), 16);
                return (Digit(0), Digit(1), Digit(2), hex.Length == 4 ? Digit(3) / 255.0 : 1);
            }

            if (hex.Length is 6 or 8 && hex.All(char.IsAsciiHexDigit))
            {
                int Pair(int i) => Convert.ToInt32(hex.Substring(i, 2), 16);
                return (Pair(0), Pair(2), Pair(4), hex.Length == 8 ? Pair(6) / 255.0 : 1);
            }

            return null;
        }

        if (!(value.StartsWith("rgb(", StringComparison.Ordinal) || value.StartsWith("rgba(", StringComparison.Ordinal)) || !value.EndsWith(')'))
        {
            return null;
        }

        var parts = value[(value.IndexOf('(', StringComparison.Ordinal) + 1)..^1].Split([',', ' ', '/'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 3 or > 4)
        {
            return null;
        }

        var channels = new double[4];
        channels[3] = 1;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var percent = part.EndsWith('%');
            if (!double.TryParse(percent ? part[..^1] : part, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            channels[i] = i == 3 ? (percent ? number / 100 : number) : (percent ? number * 2.55 : number);
        }

        return ((int)Math.Round(channels[0]), (int)Math.Round(channels[1]), (int)Math.Round(channels[2]), channels[3]);
    }
}
