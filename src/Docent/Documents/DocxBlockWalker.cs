using System.Text;
using System.Xml;

namespace Docent.Documents;

/// <summary>
/// Streams a Word document part (word/document.xml) for <see cref="DocxReader"/> with an
/// <see cref="XmlReader"/>, turning paragraphs, list paragraphs, headings and table rows into blocks as they
/// end; content controls, custom XML and text boxes are read through. Nothing is loaded as a tree and
/// nothing recurses, so nesting costs no stack: a paragraph nested in a paragraph (or a table in a cell)
/// joins its text to the outer one, whatever the depth. Text is read in chunks and no block grows past
/// <see cref="PlainTextReader.MaxBlockChars"/> (longer paragraphs are split at whitespace; so are longer cells, whose
/// pieces become paragraphs), so one huge text run never becomes one huge string. A table's rows become header-named
/// sentences (<see cref="DocumentTableWriter"/>: header rows marked w:tblHeader, else the first row; w:gridSpan and
/// w:vMerge repeat the merged value); a table nested in a cell joins its text to that cell. Runs of hidden text are left
/// out and counted for one warning (<see cref="HiddenTextTally"/>): runs marked hidden (w:vanish), and runs coloured white
/// (or nearly) with no shading behind them — no run highlight or shading, no paragraph or cell shading, no page background —
/// whose direct formatting is read as the run starts (styles are not consulted). Not thread-safe: one instance per document.
/// </summary>
internal sealed class DocxBlockWalker(DocxStyleMap styles, DocumentReadReport report, CancellationToken cancellationToken)
{
    /// <summary>The WordprocessingML main namespace.</summary>
    public const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    private const int MaxBlockChars = PlainTextReader.MaxBlockChars;

    private readonly HeadingPathTracker _headings = new();
    private readonly List<DocumentBlock> _ready = [];
    private readonly StringBuilder _paragraph = new();
    private readonly StringBuilder _cell = new();
    private readonly List<TableGridCell> _rowCells = [];
    private readonly char[] _chunk = new char[8192];
    private string? _firstHeading;

    private int _tableDepth;
    private int _paragraphDepth;
    private int _propertiesDepth;
    private int _outerParagraphXmlDepth = -1;
    private int _textDepth = -1;
    private bool _inOuterProperties;
    private bool _inOuterNumbering;
    private string? _styleId;
    private int? _outlineLevel;
    private bool _hasNumbering;
    private int? _numberingId;
    private DocumentTableWriter? _table;
    private bool _rowIsHeader;
    private int _columnSpan = 1;
    private bool _continuesAbove;

    private readonly HiddenTextTally _hidden = new();
    private readonly Stack<RunFormat> _runs = new();
    private bool _inRunProperties;
    private bool _paragraphShaded;
    private bool _cellShaded;
    private bool _pageBackground;
    private bool _inCellProperties;

    /// <summary>The first paragraph styled Title, else the first level-1 heading; known once the walk ends.</summary>
    public string? FirstTitle { get; private set; }

    /// <summary>Reads a w:val-style attribute in the WordprocessingML namespace.</summary>
    public static string? WordAttribute(XmlReader reader, string localName) => reader.GetAttribute(localName, WordNamespace);

    /// <summary>Yields the blocks of the part read by <paramref name="reader"/>, in document order.</summary>
    public IEnumerable<DocumentBlock> Walk(XmlReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_textDepth >= 0 && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                // The content of a w:t, in chunks: a run of a billion characters never becomes one string.
                var hidden = HiddenReason();
                int read;
                while ((read = reader.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (hidden is not null)
                    {
                        if (!_runs.Peek().Counted && !_chunk.AsSpan(0, read).IsWhiteSpace())
                        {
                            _runs.Peek().Counted = true;
                            _hidden.Add(hidden);
                        }

                        continue;
                    }

                    Append(_chunk.AsSpan(0, read));
                    foreach (var block in _ready)
                    {
                        yield return block;
                    }

                    _ready.Clear();
                }
            }
            else if (reader.NamespaceURI == WordNamespace)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var empty = reader.IsEmptyElement;
                    StartElement(reader);
                    if (empty)
                    {
                        EndElement(reader.LocalName);
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    EndElement(reader.LocalName);
                }
            }

            foreach (var block in _ready)
            {
                yield return block;
            }

            _ready.Clear();
        }

        FirstTitle ??= _firstHeading;
        _hidden.Report(report);
    }

    /// <summary>The direct formatting of one run (w:r) that decides whether its text is hidden, and whether it was counted.</summary>
    private sealed class RunFormat(int xmlDepth)
    {
        public int XmlDepth { get; } = xmlDepth;

        public bool Vanish { get; set; }

        public bool White { get; set; }

        public bool Shaded { get; set; }

        public bool Counted { get; set; }
    }

    // Why the current run's text is hidden, or null: marked hidden, or white with nothing shaded behind it.
    private string? HiddenReason()
    {
        if (_runs.Count == 0)
        {
            return null;
        }

        var run = _runs.Peek();
        return run.Vanish ? "hidden (w:vanish) text"
            : run.White && !run.Shaded && !_paragraphShaded && !_cellShaded && !_pageBackground ? "white-on-white text"
            : null;
    }

    // "FFFFFF", or any colour whose channels are all at least F0; "auto" and malformed values are not white.
    private static bool IsWhite(string? hex) =>
        hex is { Length: 6 } && hex.All(char.IsAsciiHexDigit)
        && Convert.ToInt32(hex[..2], 16) >= 0xF0 && Convert.ToInt32(hex[2..4], 16) >= 0xF0 && Convert.ToInt32(hex[4..], 16) >= 0xF0;

    // Shading that paints something behind text: a fill that is set, not "auto" and not white.
    private static bool PaintsBehind(XmlReader reader) =>
        WordAttribute(reader, "fill") is { } fill && fill != "auto" && !IsWhite(fill);

    private void StartElement(XmlReader reader)
    {
        switch (reader.LocalName)
        {
            case "background":
                // A page colour: white text may stand on it.
                _pageBackground = WordAttribute(reader, "color") is { } page && page != "auto" && !IsWhite(page);
                break;
            case "r":
                _runs.Push(new RunFormat(reader.Depth));
                break;
            case "rPr" when _runs.Count > 0 && reader.Depth == _runs.Peek().XmlDepth + 1:
                _inRunProperties = true;
                break;
            case "vanish" when _inRunProperties:
                _runs.Peek().Vanish = WordAttribute(reader, "val") is null or "1" or "true" or "on";
                break;
            case "color" when _inRunProperties:
                _runs.Peek().White = IsWhite(WordAttribute(reader, "val"));
                break;
            case "highlight" when _inRunProperties:
                _runs.Peek().Shaded |= WordAttribute(reader, "val") is { } highlight && highlight != "none" && highlight != "white";
                break;
            case "shd" when _inRunProperties:
                _runs.Peek().Shaded |= PaintsBehind(reader);
                break;
            case "shd" when _inOuterProperties && reader.Depth == _outerParagraphXmlDepth + 2:
                _paragraphShaded = PaintsBehind(reader);
                break;
            case "tcPr" when _tableDepth == 1:
                _inCellProperties = true;
                break;
            case "shd" when _inCellProperties:
                _cellShaded = PaintsBehind(reader);
                break;
            case "tbl":
                _tableDepth++;
                if (_tableDepth == 1)
                {
                    _table = new DocumentTableWriter(_ready, _headings, report);
                    _paragraphShaded = false;
                }

                break;
            case "tr" when _tableDepth == 1:
                _rowCells.Clear();
                _rowIsHeader = false;
                break;
            case "tblHeader" when _tableDepth == 1:
                _rowIsHeader = WordAttribute(reader, "val") is null or "1" or "true" or "on";
                break;
            case "tc" when _tableDepth == 1:
                _cell.Clear();
                _columnSpan = 1;
                _continuesAbove = false;
                _cellShaded = false;
                break;
            case "gridSpan" when _tableDepth == 1:
                _columnSpan = int.TryParse(WordAttribute(reader, "val"), out var span) ? Math.Clamp(span, 1, TableRows.MaxColumns) : 1;
                break;
            case "vMerge" when _tableDepth == 1:
                _continuesAbove = WordAttribute(reader, "val") is null or "continue";
                break;
            case "p":
                StartParagraph(reader.Depth);
                break;
            case "pPr":
                _propertiesDepth++;
                _inOuterProperties = IsOuterParagraph && reader.Depth == _outerParagraphXmlDepth + 1;
                break;
            case "pStyle" when _inOuterProperties && reader.Depth == _outerParagraphXmlDepth + 2:
                _styleId = WordAttribute(reader, "val");
                break;
            case "outlineLvl" when _inOuterProperties && reader.Depth == _outerParagraphXmlDepth + 2:
                _outlineLevel = int.TryParse(WordAttribute(reader, "val"), out var outline) ? outline : null;
                break;
            case "numPr" when _inOuterProperties && reader.Depth == _outerParagraphXmlDepth + 2:
                _hasNumbering = true;
                _inOuterNumbering = !reader.IsEmptyElement;
                break;
            case "numId" when _inOuterNumbering && reader.Depth == _outerParagraphXmlDepth + 3:
                _numberingId = int.TryParse(WordAttribute(reader, "val"), out var id) ? id : null;
                break;
            case "t" when !reader.IsEmptyElement && _textDepth < 0:
                _textDepth = reader.Depth;
                break;
            case "tab" or "br" or "cr" when _propertiesDepth == 0 && HiddenReason() is null:
                Append(" ");
                break;
            case "noBreakHyphen":
                Append("-");
                break;
        }
    }

    private void EndElement(string localName)
    {
        switch (localName)
        {
            case "r" when _runs.Count > 0:
                _runs.Pop();
                _inRunProperties = false;
                break;
            case "rPr":
                _inRunProperties = false;
                break;
            case "tcPr":
                _inCellProperties = false;
                break;
            case "t":
                _textDepth = -1;
                break;
            case "tbl":
                if (_tableDepth == 1)
                {
                    _table?.Finish();
                    _table = null;
                }

                _tableDepth = Math.Max(0, _tableDepth - 1);
                break;
            case "tr" when _tableDepth == 1:
                _table?.AddRow(_rowCells, _rowIsHeader);
                _rowCells.Clear();
                break;
            case "tc" when _tableDepth == 1:
                EndCell();
                break;
            case "p":
                if (IsOuterParagraph)
                {
                    EndParagraph();
                }

                _paragraphDepth = Math.Max(0, _paragraphDepth - 1);
                break;
            case "pPr":
                _propertiesDepth = Math.Max(0, _propertiesDepth - 1);
                _inOuterProperties = false;
                break;
            case "numPr":
                _inOuterNumbering = false;
                break;
        }
    }

    // A paragraph outside tables that no other paragraph encloses: one block.
    private bool IsOuterParagraph => _tableDepth == 0 && _paragraphDepth == 1;

    private void StartParagraph(int xmlDepth)
    {
        _paragraphDepth++;
        if (IsOuterParagraph)
        {
            _paragraph.Clear();
            _outerParagraphXmlDepth = xmlDepth;
            _styleId = null;
            _outlineLevel = null;
            _hasNumbering = false;
            _numberingId = null;
            _paragraphShaded = false;
        }
        else
        {
            // A paragraph in a cell or inside another paragraph: its text is separated by a space.
            var target = Target;
            if (target is { Length: > 0 } && target[^1] != ' ')
            {
                target.Append(' ');
            }
        }
    }

    private void EndParagraph()
    {
        var text = TextNormalizer.Normalize(_paragraph.ToString());
        _paragraph.Clear();
        if (text.Length == 0)
        {
            return;
        }

        var level = styles.HeadingLevel(_styleId);
        if (level == 0 && _outlineLevel is { } outline and >= 0 and < 9)
        {
            level = outline + 1;
        }

        if (level > 0)
        {
            if (styles.IsTitle(_styleId))
            {
                FirstTitle ??= text;
            }
            else if (level == 1)
            {
                _firstHeading ??= text;
            }

            _ready.Add(_headings.HeadingBlock(level, text));
            return;
        }

        _ready.Add(_headings.Block(BodyKind, text));
    }

    private BlockKind BodyKind =>
        (_hasNumbering && _numberingId != 0) || styles.IsList(_styleId) ? BlockKind.ListItem : BlockKind.Paragraph;

    private void EndCell()
    {
        var text = TextNormalizer.Normalize(_cell.ToString());
        _cell.Clear();
        if (_rowCells.Count <= TableRows.MaxColumns) // one past the grid, so the table is known to be too wide
        {
            _rowCells.Add(new TableGridCell(text, _columnSpan, ContinuesAbove: _continuesAbove));
        }
    }

    // Where text goes now: the cell of the outermost table, the outer paragraph, or nowhere.
    private StringBuilder? Target => _tableDepth > 0 ? _cell : _paragraphDepth > 0 ? _paragraph : null;

    private void Append(ReadOnlySpan<char> text)
    {
        if (Target is not { } target)
        {
            return;
        }

        target.Append(text);
        while (target.Length > MaxBlockChars)
        {
            // An over-long paragraph or cell is emitted in pieces, never held whole.
            var cut = CutPoint(target);
            var piece = target.ToString(0, cut);
            target.Remove(0, cut);
            // A cell's pieces are paragraphs: the row keeps the cell's last piece, so no row holds more than a block a cell.
            Emit(ReferenceEquals(target, _cell) ? BlockKind.Paragraph : BodyKind, piece);
        }
    }

    private void Emit(BlockKind kind, string raw)
    {
        var text = TextNormalizer.Normalize(raw);
        if (text.Length > 0)
        {
            _ready.Add(_headings.Block(kind, text));
        }
    }

    // After the last whitespace in the second half of the cap, else at the cap (never inside a surrogate pair).
    private static int CutPoint(StringBuilder text)
    {
        for (var i = MaxBlockChars - 1; i > MaxBlockChars / 2; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i + 1;
            }
        }

        return char.IsHighSurrogate(text[MaxBlockChars - 1]) ? MaxBlockChars - 1 : MaxBlockChars;
    }
}
