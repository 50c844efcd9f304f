using DocumentFormat.OpenXml.Wordprocessing;

namespace Docent.Documents;

/// <summary>
/// What <see cref="DocxReader"/> needs from a document's style definitions: the heading level a paragraph
/// style implies (by id, by name — ids are localised in some Word versions — or by outline level, following
/// "based on") and whether the style numbers its paragraphs. Immutable after construction; thread-safe.
/// </summary>
internal sealed class DocxStyleMap
{
    private const int MaxChain = 16;

    private readonly Dictionary<string, Style> _styles = new(StringComparer.OrdinalIgnoreCase);

    public DocxStyleMap(Styles? styles)
    {
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id)
            {
                _styles.TryAdd(id, style);
            }
        }
    }

    /// <summary>Whether the style is the document title style ("Title").</summary>
    public bool IsTitle(string? styleId) =>
        styleId is not null
        && (string.Equals(styleId, "Title", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Lookup(styleId)?.StyleName?.Val?.Value, "Title", StringComparison.OrdinalIgnoreCase));

    /// <summary>The heading level (1–9) the style implies, or 0 for body text.</summary>
    public int HeadingLevel(string? styleId)
    {
        if (styleId is null)
        {
            return 0;
        }

        if (IsTitle(styleId))
        {
            return 1;
        }

        if (LevelFromName(styleId) is > 0 and var byId)
        {
            return byId;
        }

        var current = Lookup(styleId);
        for (var depth = 0; current is not null && depth < MaxChain; depth++)
        {
            if (LevelFromName(current.StyleName?.Val?.Value) is > 0 and var byName)
            {
                return byName;
            }

            if (current.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline and < 9)
            {
                return outline + 1;
            }

            current = Lookup(current.BasedOn?.Val?.Value);
        }

        return 0;
    }

    /// <summary>Whether the style (or one it is based on) numbers its paragraphs or is a list style.</summary>
    public bool IsList(string? styleId)
    {
        var current = Lookup(styleId);
        for (var depth = 0; current is not null && depth < MaxChain; depth++)
        {
            var name = current.StyleName?.Val?.Value ?? "";
            if (current.StyleParagraphProperties?.NumberingProperties is not null
                || name.StartsWith("List ", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            current = Lookup(current.BasedOn?.Val?.Value);
        }

        return false;
    }

    private Style? Lookup(string? styleId) =>
        styleId is not null && _styles.TryGetValue(styleId, out var style) ? style : null;

    // "Heading1", "heading 2" → 1, 2; anything else → 0.
    private static int LevelFromName(string? name)
    {
        if (name is null || !name.StartsWith("heading", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var rest = name.AsSpan("heading".Length).Trim();
        return int.TryParse(rest, out var level) && level is >= 1 and <= 9 ? level : 0;
    }
}
