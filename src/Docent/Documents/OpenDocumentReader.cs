using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;

namespace Docent.Documents;

/// <summary>
/// Reads OpenDocument files ("opendocument": ODT, ODS, ODP, as LibreOffice writes them), recognised by the mimetype
/// their zip begins with, else by extension. Text documents: headings by outline level, paragraphs, list items, table
/// rows as "cell | cell". Spreadsheets: as <see cref="XlsxReader"/> — each sheet a section, each row after the header one
/// "Row N — header: value" sentence. Presentations: as <see cref="PptxReader"/> — each slide a section headed by its
/// title, its number as the page, notes last. The zip is checked against <see cref="ZipContainerLimits"/> first and
/// <c>content.xml</c> is streamed through the guard's counting stream with an <see cref="XmlReader"/> that refuses DTDs
/// (iterative: nesting cannot exhaust the stack). Hand-written because no maintained .NET package reading ODF is
/// served here; the text lives in one XML part. Thread-safe.
/// </summary>
public sealed class OpenDocumentReader(ZipContainerLimits? limits = null) : IDocumentReader
{
    private const string Text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string Draw = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    private const string PresentationNs = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
    private const string Office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";

    /// <summary>How many times a repeated row or cell is written out at most (spreadsheets repeat empty cells to the sheet's edge).</summary>
    private const int MaxRepeat = 64;

    private readonly ZipContainerLimits _limits = limits ?? ZipContainerLimits.Default;

    /// <inheritdoc />
    public string Format => "opendocument";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var head = input.Head.Span;
        return ContentSniffer.OpenDocumentKind(head) is not null
            || (ContentSniffer.IsZip(head) && ContentSniffer.OpenDocumentExtensions.Contains(input.Extension));
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
            (stream, var guard) = await ZipDocumentParts.CheckedAsync(stream, input.Path, "OpenDocument file", _limits, cancellationToken).ConfigureAwait(false);
            using var zip = Guarded(input, "the zip", () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));
            var content = zip.GetEntry("content.xml") ?? throw new DocumentReadException(input.Path, "not a valid OpenDocument file: no content.xml");
            var blocks = Guarded(input, "content.xml", () => ReadContent(guard.Limit(content.Open()), input.Report, cancellationToken));
            foreach (var block in blocks)
            {
                yield return block;
            }

            if (blocks.Where(b => b.Page is not null).Select(b => b.Page).Distinct().Count() is var slides and > 0)
            {
                input.Report.Pages = slides;
            }

            var title = zip.GetEntry("meta.xml") is { } meta ? Guarded(input, "meta.xml", () => ReadTitle(guard.Limit(meta.Open()))) : null;
            input.Report.Title ??= title ?? blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading)?.Text;
        }
    }

    private static string? ReadTitle(Stream meta)
    {
        using var xml = XmlReader.Create(meta, ZipDocumentParts.XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "title" && xml.NamespaceURI == DublinCore)
            {
                string title = TextNormalizer.Normalize(xml.ReadElementContentAsString());
                return title.Length > 0 ? title : null;
            }
        }

        return null;
    }

    /// <summary>The blocks of content.xml's body, whichever kind of document it is.</summary>
    private static List<DocumentBlock> ReadContent(Stream content, DocumentReadReport report, CancellationToken cancellationToken)
    {
        var walk = new Walk(report, cancellationToken);
        using var xml = XmlReader.Create(content, ZipDocumentParts.XmlSettings);
        while (xml.Read())
        {
            walk.Step(xml);
        }

        return walk.Blocks;
    }

    private static T Guarded<T>(DocumentInput input, string partName, Func<T> step) =>
        ZipDocumentParts.Guarded(input, partName, "OpenDocument file", step);

    /// <summary>One pass over content.xml: paragraph text gathered up to its end tag, then placed by what encloses it.</summary>
    private sealed class Walk(DocumentReadReport report, CancellationToken cancellationToken)
    {
        private readonly HeadingPathTracker _headings = new();
        private readonly StringBuilder _text = new();
        private int _paragraphDepth = -1;
        private int _headingLevel;
        private int _listDepth;

        // Tables (sheets of a spreadsheet, tables of a text document).
        private string? _sheet;
        private bool _spreadsheet;
        private List<string?>? _row;
        private int _rowRepeat = 1;
        private int _rowNumber;
        private string?[]? _header;
        private int _headerRow;
        private bool _sheetHasRows;
        private DocumentTableWriter? _textTable;
        private StringBuilder? _cell;
        private int _cellRepeat = 1;
        private string? _cellValue;

        // Slides.
        private int _slide;
        private string? _slideName;
        private string? _slideTitle;
        private bool _inTitleFrame;
        private bool _inNotes;
        private readonly List<string> _slideParagraphs = [];
        private readonly List<string> _slideNotes = [];

        public List<DocumentBlock> Blocks { get; } = [];

        public void Step(XmlReader xml)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    Start(xml);
                    break;
                case XmlNodeType.EndElement:
                    End(xml);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace when _paragraphDepth >= 0:
                    _text.Append(xml.Value);
                    break;
            }
        }

        private void Start(XmlReader xml)
        {
            string ns = xml.NamespaceURI, name = xml.LocalName;
            bool empty = xml.IsEmptyElement;
            if (ns == Office && name == "spreadsheet")
            {
                _spreadsheet = true;
            }
            else if (ns == Text && name is "p" or "h" && _paragraphDepth < 0 && !empty)
            {
                _paragraphDepth = xml.Depth;
                _headingLevel = name == "h" ? (int.TryParse(xml.GetAttribute("outline-level", Text), NumberStyles.None, CultureInfo.InvariantCulture, out int level) ? level : 1) : 0;
                _text.Clear();
            }
            else if (ns == Text && _paragraphDepth >= 0 && name is "s" or "tab" or "line-break")
            {
                _text.Append(' ');
            }
            else if (ns == Text && name == "list-item")
            {
                _listDepth++;
            }
            else if (ns == Table && name == "table")
            {
                cancellationToken.ThrowIfCancellationRequested();
                _sheet = TextNormalizer.Normalize(xml.GetAttribute("name", Table));
                _rowNumber = 0;
                _header = null;
                _sheetHasRows = false;
                if (_spreadsheet && _sheet.Length > 0)
                {
                    Blocks.Add(_headings.HeadingBlock(1, _sheet));
                }
            }
            else if (ns == Table && name == "table-row")
            {
                _rowRepeat = Repeat(xml.GetAttribute("number-rows-repeated", Table));
                _row = [];
                if (empty)
                {
                    _rowNumber += _rowRepeat;
                    _row = null;
                }
            }
            else if (ns == Table && name is "table-cell" or "covered-table-cell" && _row is not null)
            {
                _cellRepeat = Repeat(xml.GetAttribute("number-columns-repeated", Table));
                _cellValue = xml.GetAttribute("value", Office) ?? xml.GetAttribute("date-value", Office) ?? xml.GetAttribute("boolean-value", Office);
                _cell = new StringBuilder();
                if (empty)
                {
                    EndCell();
                }
            }
            else if (ns == Draw && name == "page")
            {
                cancellationToken.ThrowIfCancellationRequested();
                _slide++;
                _slideName = TextNormalizer.Normalize(xml.GetAttribute("name", Draw));
                _slideTitle = null;
                _slideParagraphs.Clear();
                _slideNotes.Clear();
            }
            else if (ns == Draw && name == "frame" && xml.GetAttribute("class", PresentationNs) == "title")
            {
                _inTitleFrame = !empty;
            }
            else if (ns == PresentationNs && name == "notes")
            {
                _inNotes = !empty;
            }
        }

        private void End(XmlReader xml)
        {
            string ns = xml.NamespaceURI, name = xml.LocalName;
            if (ns == Text && name is "p" or "h" && xml.Depth == _paragraphDepth)
            {
                _paragraphDepth = -1;
                Place(TextNormalizer.Normalize(_text.ToString()));
            }
            else if (ns == Text && name == "list-item")
            {
                _listDepth--;
            }
            else if (ns == Table && name is "table-cell" or "covered-table-cell" && _cell is not null)
            {
                EndCell();
            }
            else if (ns == Table && name == "table-row" && _row is not null)
            {
                EndRow();
            }
            else if (ns == Table && name == "table" && _spreadsheet && _header is not null)
            {
                if (_sheetHasRows)
                {
                    report.TableFound();
                }
                else
                {
                    // A sheet of one row has no header to pair: its cells are the content.
                    Blocks.AddRange(XlsxReader.RowSentences(_headerRow, _header, []).Select(sentence => _headings.Block(BlockKind.TableRow, sentence)));
                }
            }
            else if (ns == Table && name == "table" && _textTable is not null)
            {
                _textTable.Finish();
                _textTable = null;
            }
            else if (ns == Draw && name == "frame")
            {
                _inTitleFrame = false;
            }
            else if (ns == PresentationNs && name == "notes")
            {
                _inNotes = false;
            }
            else if (ns == Draw && name == "page")
            {
                string heading = _slideTitle ?? (_slideName is { Length: > 0 } slideName ? slideName : $"Slide {_slide}");
                IReadOnlyList<string> path = [heading];
                Blocks.Add(new DocumentBlock(BlockKind.Heading, heading, path, _slide, HeadingLevel: 1));
                Blocks.AddRange(_slideParagraphs.Select(p => new DocumentBlock(BlockKind.Paragraph, p, path, _slide)));
                Blocks.AddRange(_slideNotes.Select(n => new DocumentBlock(BlockKind.Paragraph, "Notes: " + n, path, _slide)));
            }
        }

        /// <summary>Puts a finished paragraph where it belongs: a cell, a slide, or the text flow.</summary>
        private void Place(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (_cell is not null)
            {
                _cell.Append(_cell.Length > 0 ? " " : "").Append(text);
            }
            else if (_slide > 0)
            {
                if (_inNotes)
                {
                    _slideNotes.Add(text);
                }
                else if (_inTitleFrame && _slideTitle is null)
                {
                    _slideTitle = text;
                }
                else
                {
                    _slideParagraphs.Add(text);
                }
            }
            else if (_headingLevel > 0)
            {
                Blocks.Add(_headings.HeadingBlock(_headingLevel, text));
            }
            else
            {
                Blocks.Add(_headings.Block(_listDepth > 0 ? BlockKind.ListItem : BlockKind.Paragraph, text));
            }
        }

        private void EndCell()
        {
            string text = _cell!.Length > 0 ? _cell.ToString() : TextNormalizer.Normalize(_cellValue);
            for (int i = 0; i < _cellRepeat && _row!.Count < XlsxReader.MaxColumns; i++)
            {
                _row.Add(text.Length > 0 ? text : null);
            }

            _cell = null;
        }

        private void EndRow()
        {
            var cells = _row!;
            _row = null;
            int width = cells.FindLastIndex(c => c is not null) + 1;
            for (int i = 0; i < _rowRepeat && i < MaxRepeat; i++)
            {
                _rowNumber++;
                if (width == 0)
                {
                    continue;
                }

                if (!_spreadsheet)
                {
                    // A table of a text document: header-named rows like DOCX's (a nested table restarts the writer).
                    _textTable ??= new DocumentTableWriter(Blocks, _headings, report);
                    _textTable.AddRow([.. cells.Take(width).Select(cell => new TableGridCell(cell ?? ""))]);
                }
                else if (_header is null)
                {
                    _header = [.. cells.Take(width)];
                    _headerRow = _rowNumber;
                }
                else
                {
                    Blocks.AddRange(XlsxReader.RowSentences(_rowNumber, [.. cells.Take(width)], _header).Select(sentence => _headings.Block(BlockKind.TableRow, sentence)));
                    _sheetHasRows = true;
                }
            }

            if (_rowRepeat > MaxRepeat)
            {
                _rowNumber += _rowRepeat - MaxRepeat;
            }
        }

        private static int Repeat(string? value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 1 ? n : 1;
    }
}
