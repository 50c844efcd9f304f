using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Docent.Documents;

/// <summary>
/// Walks a Word document body in order for <see cref="DocxReader"/>, turning paragraphs, list paragraphs,
/// headings and table rows into blocks; content controls and custom XML are entered. Not thread-safe: one
/// instance per document.
/// </summary>
internal sealed class DocxBlockWalker(DocxStyleMap styles, CancellationToken cancellationToken)
{
    private readonly HeadingPathTracker _headings = new();
    private string? _firstHeading;

    /// <summary>The blocks found, in document order.</summary>
    public List<DocumentBlock> Blocks { get; } = [];

    /// <summary>The first paragraph styled Title, else the first level-1 heading.</summary>
    public string? FirstTitle { get; private set; }

    /// <summary>Walks <paramref name="container"/>'s block-level children.</summary>
    public void Walk(OpenXmlElement container)
    {
        foreach (var child in container.ChildElements)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (child)
            {
                case Paragraph paragraph:
                    VisitParagraph(paragraph);
                    break;
                case Table table:
                    VisitTable(table);
                    break;
                case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                    Walk(content);
                    break;
                case CustomXmlBlock custom:
                    Walk(custom);
                    break;
            }
        }

        FirstTitle ??= _firstHeading;
    }

    private void VisitParagraph(Paragraph paragraph)
    {
        var text = TextNormalizer.Normalize(TextOf(paragraph));
        if (text.Length == 0)
        {
            return;
        }

        var properties = paragraph.ParagraphProperties;
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        var level = styles.HeadingLevel(styleId);
        if (level == 0 && properties?.OutlineLevel?.Val?.Value is { } outline and < 9)
        {
            level = outline + 1;
        }

        if (level > 0)
        {
            if (styles.IsTitle(styleId))
            {
                FirstTitle ??= text;
            }
            else if (level == 1)
            {
                _firstHeading ??= text;
            }

            Blocks.Add(_headings.HeadingBlock(level, text));
            return;
        }

        var numbered = properties?.NumberingProperties?.NumberingId?.Val?.Value is { } id ? id != 0 : properties?.NumberingProperties is not null;
        var kind = numbered || styles.IsList(styleId) ? BlockKind.ListItem : BlockKind.Paragraph;
        Blocks.Add(_headings.Block(kind, text));
    }

    private void VisitTable(Table table)
    {
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = row.Elements<TableCell>().Select(cell => TextNormalizer.Normalize(TextOf(cell))).ToList();
            if (cells.Exists(cell => cell.Length > 0))
            {
                Blocks.Add(_headings.Block(BlockKind.TableRow, string.Join(" | ", cells)));
            }
        }
    }

    // The visible text under an element: text runs, tabs and breaks as spaces, paragraphs separated.
    private static string TextOf(OpenXmlElement element)
    {
        var builder = new StringBuilder();
        foreach (var node in element.Descendants())
        {
            switch (node)
            {
                case DocumentFormat.OpenXml.Wordprocessing.Text text:
                    builder.Append(text.Text);
                    break;
                case TabChar or Break or CarriageReturn:
                    builder.Append(' ');
                    break;
                case NoBreakHyphen:
                    builder.Append('-');
                    break;
                case Paragraph when builder.Length > 0:
                    builder.Append(' ');
                    break;
            }
        }

        return builder.ToString();
    }
}
