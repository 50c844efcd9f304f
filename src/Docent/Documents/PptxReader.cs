using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Docent.Documents;

/// <summary>
/// Reads PowerPoint decks ("pptx"): each slide in deck order is a section headed by its title (the title placeholder's
/// text, else "Slide N"), its other text boxes' paragraphs follow in the order the slide lists them, and its speaker
/// notes come last as "Notes: …" paragraphs; a table (a:tbl in a graphic frame) becomes header-named row sentences
/// (<see cref="DocumentTableWriter"/>: the first row is the header; gridSpan and rowSpan repeat a merged value); every block carries the slide number as its page, so a citation names the
/// slide. As with <see cref="DocxReader"/>, the zip is checked against <see cref="ZipContainerLimits"/> first,
/// DocumentFormat.OpenXml only locates the parts, and each part is streamed through a counting stream with an
/// <see cref="XmlReader"/> that refuses DTDs (iterative, so nesting cannot exhaust the stack). Thread-safe.
/// </summary>
public sealed class PptxReader(ZipContainerLimits? limits = null) : IDocumentReader
{
    private const string Presentation = "http://schemas.openxmlformats.org/presentationml/2006/main";
    private const string Drawing = "http://schemas.openxmlformats.org/drawingml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipContainerLimits _limits = limits ?? ZipContainerLimits.Default;

    /// <inheritdoc />
    public string Format => "pptx";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ContentSniffer.IsZip(input.Head.Span) && ContentSniffer.PptxExtensions.Contains(input.Extension);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(
        DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            (stream, var guard) = await ZipDocumentParts.CheckedAsync(stream, input.Path, "PPTX", _limits, cancellationToken).ConfigureAwait(false);
            using var deck = Guarded(input, "the package", () => PresentationDocument.Open(stream, isEditable: false));
            var main = Guarded(input, "the package", () => deck.PresentationPart);
            if (main is null || !main.ContentType.Contains("presentationml", StringComparison.Ordinal))
            {
                // The package's main part is found by relationship; a workbook or document renamed .pptx has one of another type.
                throw new DocumentReadException(input.Path, "not a valid PPTX: no presentation part (not a PowerPoint deck?)");
            }
            var slideIds = Guarded(input, "ppt/presentation.xml", () => ReadSlideIds(main, guard));
            string? firstTitle = null;
            int number = 0;
            foreach (string relationship in slideIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Guarded(input, "ppt/presentation.xml", () => main.TryGetPartById(relationship, out var part) ? part : null) is not SlidePart slide)
                {
                    continue;
                }

                number++;
                string partName = slide.Uri.OriginalString.TrimStart('/');
                var (title, paragraphs) = Guarded(input, partName, () => ReadShapes(slide.GetStream(FileMode.Open, FileAccess.Read), guard, input.Report));
                var notes = slide.NotesSlidePart is { } notesPart
                    ? Guarded(input, notesPart.Uri.OriginalString.TrimStart('/'), () => ReadShapes(notesPart.GetStream(FileMode.Open, FileAccess.Read), guard, input.Report, notes: true).Blocks)
                    : [];
                string heading = title ?? $"Slide {number}";
                firstTitle ??= title;
                IReadOnlyList<string> path = [heading];
                yield return new DocumentBlock(BlockKind.Heading, heading, path, number, HeadingLevel: 1);
                foreach (var (kind, text) in paragraphs)
                {
                    yield return new DocumentBlock(kind, text, path, number);
                }

                foreach (var (_, note) in notes)
                {
                    yield return new DocumentBlock(BlockKind.Paragraph, "Notes: " + note, path, number);
                }
            }

            input.Report.Pages = number;
            var documentTitle = Guarded(input, "docProps/core.xml", () => TextNormalizer.Normalize(deck.PackageProperties.Title));
            input.Report.Title ??= documentTitle.Length > 0 ? documentTitle : firstTitle;
        }
    }

    /// <summary>The relationship ids of the slides in deck order (presentation.xml's slide id list).</summary>
    private static List<string> ReadSlideIds(PresentationPart part, ZipContainerGuard guard)
    {
        var ids = new List<string>();
        using var xml = XmlReader.Create(guard.Limit(part.GetStream(FileMode.Open, FileAccess.Read)), ZipDocumentParts.XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sldId" && xml.NamespaceURI == Presentation
                && xml.GetAttribute("id", Relationships) is { Length: > 0 } relationship)
            {
                ids.Add(relationship);
            }
        }

        return ids;
    }

    /// <summary>
    /// A slide's (or notes page's) title — the text of its title placeholder — and its other paragraphs and table rows in
    /// shape order. On a notes page only the body placeholder is read (the slide image and page number are not notes).
    /// </summary>
    private static (string? Title, List<(BlockKind Kind, string Text)> Blocks) ReadShapes(
        Stream part, ZipContainerGuard guard, DocumentReadReport report, bool notes = false)
    {
        string? title = null;
        var paragraphs = new List<(BlockKind, string)>();
        var tableBlocks = new List<DocumentBlock>();
        DocumentTableWriter? table = null;
        var rowCells = new List<TableGridCell>();
        var cell = new StringBuilder();
        int tableDepth = -1, cellDepth = -1, rowIndex = 0;
        bool firstRowIsHeader = false, cellCovered = false;
        int columnSpan = 1, rowSpan = 1;
        using var xml = XmlReader.Create(guard.Limit(part), ZipDocumentParts.XmlSettings);
        int shapeDepth = -1;
        string? placeholder = null;
        var shapeParagraphs = new List<string>();
        var paragraph = new StringBuilder();
        int paragraphDepth = -1;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                if (xml.LocalName == "sp" && xml.NamespaceURI == Presentation && shapeDepth < 0 && !xml.IsEmptyElement)
                {
                    shapeDepth = xml.Depth;
                    placeholder = null;
                    shapeParagraphs.Clear();
                }
                else if (shapeDepth >= 0 && xml.LocalName == "ph" && xml.NamespaceURI == Presentation)
                {
                    placeholder = xml.GetAttribute("type") ?? "body";
                }
                else if (!notes && shapeDepth < 0 && tableDepth < 0 && xml.LocalName == "tbl" && xml.NamespaceURI == Drawing && !xml.IsEmptyElement)
                {
                    tableDepth = xml.Depth;
                    table = new DocumentTableWriter(tableBlocks, new HeadingPathTracker(), report);
                    rowIndex = 0;
                    firstRowIsHeader = false;
                }
                else if (tableDepth >= 0 && xml.LocalName == "tblPr" && xml.NamespaceURI == Drawing)
                {
                    firstRowIsHeader = xml.GetAttribute("firstRow") is "1" or "true";
                }
                else if (tableDepth >= 0 && xml.LocalName == "tr" && xml.NamespaceURI == Drawing)
                {
                    rowCells.Clear();
                }
                else if (tableDepth >= 0 && cellDepth < 0 && xml.LocalName == "tc" && xml.NamespaceURI == Drawing)
                {
                    // A cell covered by a merge (hMerge, vMerge) holds nothing: the merged cell's spans repeat its value.
                    cellCovered = xml.GetAttribute("hMerge") is "1" or "true" || xml.GetAttribute("vMerge") is "1" or "true";
                    columnSpan = int.TryParse(xml.GetAttribute("gridSpan"), out int span) ? span : 1;
                    rowSpan = int.TryParse(xml.GetAttribute("rowSpan"), out int rows) ? rows : 1;
                    cell.Clear();
                    cellDepth = xml.IsEmptyElement ? -1 : xml.Depth;
                    if (xml.IsEmptyElement && !cellCovered && rowCells.Count <= TableRows.MaxColumns)
                    {
                        rowCells.Add(new TableGridCell("", columnSpan, rowSpan));
                    }
                }
                else if ((shapeDepth >= 0 || cellDepth >= 0) && xml.LocalName == "p" && xml.NamespaceURI == Drawing && !xml.IsEmptyElement)
                {
                    paragraphDepth = xml.Depth;
                    paragraph.Clear();
                }
                else if (paragraphDepth >= 0 && xml.LocalName == "br" && xml.NamespaceURI == Drawing)
                {
                    paragraph.Append(' ');
                }
            }
            else if (paragraphDepth >= 0 && xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace
                     && xml.NamespaceURI.Length == 0)
            {
                paragraph.Append(xml.Value);
            }
            else if (xml.NodeType == XmlNodeType.EndElement)
            {
                if (xml.Depth == paragraphDepth && xml.LocalName == "p")
                {
                    paragraphDepth = -1;
                    string text = TextNormalizer.Normalize(paragraph.ToString());
                    if (text.Length > 0 && cellDepth >= 0)
                    {
                        cell.Append(cell.Length > 0 ? " " : "").Append(text);
                    }
                    else if (text.Length > 0)
                    {
                        shapeParagraphs.Add(text);
                    }
                }
                else if (xml.Depth == cellDepth && xml.LocalName == "tc")
                {
                    cellDepth = -1;
                    if (!cellCovered && rowCells.Count <= TableRows.MaxColumns)
                    {
                        rowCells.Add(new TableGridCell(TextNormalizer.Normalize(cell.ToString()), columnSpan, rowSpan));
                    }
                }
                else if (tableDepth >= 0 && xml.LocalName == "tr" && xml.NamespaceURI == Drawing)
                {
                    table!.AddRow(rowCells, isHeader: rowIndex++ == 0 && firstRowIsHeader);
                }
                else if (xml.Depth == tableDepth && xml.LocalName == "tbl")
                {
                    tableDepth = -1;
                    table!.Finish();
                    paragraphs.AddRange(tableBlocks.Select(block => (block.Kind, block.Text)));
                    tableBlocks.Clear();
                }
                else if (xml.Depth == shapeDepth && xml.LocalName == "sp")
                {
                    shapeDepth = -1;
                    bool isTitle = placeholder is "title" or "ctrTitle";
                    if (isTitle && !notes && title is null && shapeParagraphs.Count > 0)
                    {
                        title = string.Join(" ", shapeParagraphs);
                    }
                    else if (!notes || placeholder == "body")
                    {
                        paragraphs.AddRange(shapeParagraphs.Select(text => (BlockKind.Paragraph, text)));
                    }
                }
            }
        }

        return (title, paragraphs);
    }

    private static T Guarded<T>(DocumentInput input, string partName, Func<T> step) =>
        ZipDocumentParts.Guarded(input, partName, "PPTX", step);
}
