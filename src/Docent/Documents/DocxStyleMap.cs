using System.Xml;

namespace Docent.Documents;

/// <summary>
/// What <see cref="DocxReader"/> needs from a document's style definitions: the heading level a paragraph
/// style implies (by id, by name — ids are localised in some Word versions — or by outline level, following
/// "based on") and whether the style numbers its paragraphs. Built by streaming styles.xml, so a hostile
/// styles part cannot nest its way into a stack overflow. Immutable after construction; thread-safe.
/// </summary>
internal sealed class DocxStyleMap
{
    private const int MaxChain = 16;

    private readonly Dictionary<string, StyleInfo> _styles = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An empty map: no styles part.</summary>
    public DocxStyleMap()
    {
    }

    /// <summary>Reads the w:style elements of a styles part.</summary>
    public DocxStyleMap(XmlReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StyleInfo? current = null;
        var styleDepth = -1;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == styleDepth)
            {
                styleDepth = -1;
                current = null;
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != DocxBlockWalker.WordNamespace)
            {
                continue;
            }

            if (reader.LocalName == "style" && current is null)
            {
                current = new StyleInfo();
                if (DocxBlockWalker.WordAttribute(reader, "styleId") is { } id)
                {
                    _styles.TryAdd(id, current);
                }

                styleDepth = reader.IsEmptyElement ? -1 : reader.Depth;
                current = reader.IsEmptyElement ? null : current;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            // Direct children of w:style, and the w:pPr children one level further down.
            var level = reader.Depth - styleDepth;
            switch (reader.LocalName)
            {
                case "name" when level == 1:
                    current.Name = DocxBlockWalker.WordAttribute(reader, "val");
                    break;
                case "basedOn" when level == 1:
                    current.BasedOn = DocxBlockWalker.WordAttribute(reader, "val");
                    break;
                case "outlineLvl" when level == 2:
                    current.OutlineLevel = int.TryParse(DocxBlockWalker.WordAttribute(reader, "val"), out var outline) ? outline : null;
                    break;
                case "numPr" when level == 2:
                    current.Numbered = true;
                    break;
            }
        }
    }

    /// <summary>Whether the style is the document title style ("Title").</summary>
    public bool IsTitle(string? styleId) =>
        styleId is not null
        && (string.Equals(styleId, "Title", StringComparison.OrdinalIgnoreCase)
            || string.Equals(Lookup(styleId)?.Name, "Title", StringComparison.OrdinalIgnoreCase));

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
            if (LevelFromName(current.Name) is > 0 and var byName)
            {
                return byName;
            }

            if (current.OutlineLevel is { } outline and >= 0 and < 9)
            {
                return outline + 1;
            }

            current = Lookup(current.BasedOn);
        }

        return 0;
    }

    /// <summary>Whether the style (or one it is based on) numbers its paragraphs or is a list style.</summary>
    public bool IsList(string? styleId)
    {
        var current = Lookup(styleId);
        for (var depth = 0; current is not null && depth < MaxChain; depth++)
        {
            if (current.Numbered || (current.Name ?? "").StartsWith("List ", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            current = Lookup(current.BasedOn);
        }

        return false;
    }

    private StyleInfo? Lookup(string? styleId) =>
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

    private sealed class StyleInfo
    {
        public string? Name { get; set; }

        public string? BasedOn { get; set; }

        public int? OutlineLevel { get; set; }

        public bool Numbered { get; set; }
    }
}
