using System.Runtime.CompilerServices;
using System.Text;

namespace Docent.Documents;

/// <summary>
/// Reads Rich Text Format ("rtf"): paragraphs, headings (a paragraph's <c>\outlinelevel</c>, or a style the stylesheet names
/// "heading N"), table rows (as header-named sentences by <see cref="TableRows"/>), the title from <c>\info</c>, and text in the document's code page
/// (<c>\ansicpg</c>, <c>\'hh</c>) or Unicode (<c>\uN</c> with its <c>\uc</c> fallback skipped). Fonts, colours, pictures,
/// objects, fields' instructions, headers, footers and every <c>\*</c> destination are skipped. Hand-written because no RTF
/// package is served here, and the text layer of RTF is a small grammar of groups and control words. Hostile input is
/// bounded: group nesting (<see cref="MaxDepth"/>), control word and parameter lengths, and <c>\bin</c> runs that would
/// pass the end. Recognised by its "{\rtf" start. Thread-safe.
/// </summary>
public sealed class RtfReader : IDocumentReader
{
    /// <summary>Deepest group nesting read; deeper is refused as hostile (real documents stay under 50).</summary>
    public const int MaxDepth = 512;

    /// <inheritdoc />
    public string Format => "rtf";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return IsRtf(input.Head.Span);
    }

    /// <summary>Whether the content starts as RTF does: "{\rtf".</summary>
    internal static bool IsRtf(ReadOnlySpan<byte> head) => head.StartsWith("{\\rtf"u8);

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        byte[] bytes;
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            bytes = copy.ToArray();
        }

        var parser = new Parser(bytes, input);
        parser.Run(cancellationToken);
        input.Report.Title ??= parser.Title;

        foreach (var block in parser.Blocks)
        {
            yield return block;
        }
    }

    /// <summary>One pass over the bytes: group state on a stack, text gathered per paragraph, cell and row.</summary>
    private sealed class Parser(byte[] bytes, DocumentInput input)
    {
        private static readonly HashSet<string> SkippedDestinations = new(StringComparer.Ordinal)
        {
            "fonttbl", "colortbl", "pict", "object", "objdata", "header", "headerl", "headerr", "headerf", "footer", "footerl",
            "footerr", "footerf", "footnote", "listtable", "listoverridetable", "rsidtbl", "generator", "themedata",
            "colorschememapping", "datastore", "latentstyles", "xmlnsdecl", "fldinst", "filetbl", "revtbl", "nonshppict",
            "shppict", "annotation", "atnid", "atnauthor", "bkmkstart", "bkmkend", "pgdsc", "private", "xe", "tc", "author",
            "operator", "company", "keywords", "subject", "comment", "doccomm", "creatim", "revtim", "printim", "buptim",
        };

        private readonly HeadingPathTracker _headings = new();
        private readonly Stack<GroupState> _groups = new();
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _title = new();
        private readonly StringBuilder _styleName = new();
        private readonly List<byte> _pendingBytes = [];
        private readonly List<string> _cells = [];
        private readonly Dictionary<int, int> _headingStyles = [];
        private GroupState _state = new(Skip: false, UnicodeSkip: 1, Destination: Destination.Body);
        private Encoding _codePage = CodePage(1252);
        private int _outlineLevel = -1;
        private int _style = -1;
        private int _styleDefinition = -1;
        private bool _inTable;
        private bool _rowOpen;
        private int _fallbackToSkip;
        private DocumentTableWriter? _table;

        public List<DocumentBlock> Blocks { get; } = [];

        public string? Title => _title.Length == 0 ? null : TextNormalizer.Normalize(_title.ToString()) is { Length: > 0 } title ? title : null;

        private enum Destination
        {
            Body,
            Title,
            StyleSheet,
        }

        public void Run(CancellationToken cancellationToken)
        {
            var i = 0;
            while (i < bytes.Length)
            {
                if ((i & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var b = bytes[i];
                switch (b)
                {
                    case (byte)'{':
                        FlushBytes();
                        if (_groups.Count >= MaxDepth)
                        {
                            throw new DocumentReadException(input.Path, $"the RTF nests groups more than {MaxDepth} deep, which no real document does");
                        }

                        _groups.Push(_state);
                        i++;
                        break;
                    case (byte)'}':
                        FlushBytes();
                        if (_state.Destination == Destination.StyleSheet && _groups.Count > 0 && _groups.Peek().Destination == Destination.StyleSheet)
                        {
                            EndStyleDefinition();
                        }

                        _state = _groups.Count > 0 ? _groups.Pop() : _state;
                        i++;
                        break;
                    case (byte)'\\':
                        i = ControlAt(i + 1);
                        break;
                    case (byte)'\r' or (byte)'\n':
                        i++;
                        break;
                    default:
                        if (_fallbackToSkip > 0)
                        {
                            _fallbackToSkip--;
                        }
                        else
                        {
                            AddByte(b);
                        }

                        i++;
                        break;
                }
            }

            FlushBytes();
            EndParagraph();
            EndRow();
            EndTable();
        }

        /// <summary>Reads the control word or symbol after a backslash at <paramref name="i"/>; returns the index after it.</summary>
        private int ControlAt(int i)
        {
            if (i >= bytes.Length)
            {
                return i;
            }

            var c = bytes[i];
            if (!char.IsAsciiLetter((char)c))
            {
                return ControlSymbol(c, i + 1);
            }

            var start = i;
            while (i < bytes.Length && char.IsAsciiLetter((char)bytes[i]) && i - start < 32)
            {
                i++;
            }

            var word = Encoding.ASCII.GetString(bytes, start, i - start);
            int? parameter = null;
            var negative = i < bytes.Length && bytes[i] == '-';
            if (negative)
            {
                i++;
            }

            var digits = 0;
            long value = 0;
            while (i < bytes.Length && char.IsAsciiDigit((char)bytes[i]))
            {
                if (digits++ < 10)
                {
                    value = value * 10 + (bytes[i] - '0');
                }

                i++;
            }

            if (digits > 0)
            {
                parameter = (int)Math.Clamp(negative ? -value : value, int.MinValue, int.MaxValue);
            }

            if (i < bytes.Length && bytes[i] == ' ')
            {
                i++; // the delimiter space belongs to the control word
            }

            if (word == "bin")
            {
                FlushBytes();
                return (int)Math.Min(bytes.Length, (long)i + Math.Max(0, parameter ?? 0));
            }

            ControlWord(word, parameter);
            return i;
        }

        private int ControlSymbol(byte symbol, int next)
        {
            switch (symbol)
            {
                case (byte)'\'':
                    if (next + 2 <= bytes.Length && byte.TryParse(Encoding.ASCII.GetString(bytes, next, 2), System.Globalization.NumberStyles.HexNumber, null, out var value))
                    {
                        if (_fallbackToSkip > 0)
                        {
                            _fallbackToSkip--;
                        }
                        else
                        {
                            AddByte(value);
                        }
                    }

                    return Math.Min(bytes.Length, next + 2);
                case (byte)'*':
                    // An optional destination this reader does not know: everything in its group is skipped.
                    _state = _state with { Skip = true };
                    return next;
                case (byte)'~':
                    AddText("\u00A0");
                    return next;
                case (byte)'_':
                    AddText("-");
                    return next;
                case (byte)'-':
                    return next;
                case (byte)'\\' or (byte)'{' or (byte)'}':
                    AddByte(symbol);
                    return next;
                case (byte)'\r' or (byte)'\n':
                    FlushBytes();
                    EndParagraph();
                    return next;
                default:
                    return next;
            }
        }

        private void ControlWord(string word, int? parameter)
        {
            if (SkippedDestinations.Contains(word))
            {
                FlushBytes();
                _state = _state with { Skip = true };
                return;
            }

            switch (word)
            {
                case "ansicpg" when parameter is { } page:
                    _codePage = CodePage(page);
                    return;
                case "uc":
                    _state = _state with { UnicodeSkip = Math.Clamp(parameter ?? 1, 0, 10) };
                    return;
                case "u" when parameter is { } code:
                    FlushBytes();
                    AddText(((char)(ushort)(short)code).ToString());
                    _fallbackToSkip = _state.UnicodeSkip;
                    return;
                case "title":
                    FlushBytes();
                    _state = _state with { Destination = Destination.Title };
                    return;
                case "info":
                    // Only the title is read from the document's information; author, dates and the rest are skipped.
                    FlushBytes();
                    _state = _state with { Skip = true };
                    return;
                case "stylesheet":
                    FlushBytes();
                    _state = _state with { Destination = Destination.StyleSheet };
                    return;
            }

            FlushBytes();
            if (_state.Destination == Destination.StyleSheet)
            {
                if (word == "s" && parameter is { } definition)
                {
                    _styleDefinition = definition;
                }

                return;
            }

            switch (word)
            {
                case "par" or "sect" or "page":
                    if (_inTable)
                    {
                        AddText(" ");
                    }
                    else
                    {
                        EndParagraph();
                    }

                    break;
                case "line" or "tab":
                    AddText(" ");
                    break;
                case "pard":
                    _outlineLevel = -1;
                    _style = -1;
                    _inTable = false;
                    break;
                case "intbl":
                    _inTable = true;
                    break;
                case "outlinelevel" when parameter is { } level:
                    _outlineLevel = level;
                    break;
                case "s" when parameter is { } style:
                    _style = style;
                    break;
                case "cell" or "nestcell":
                    _cells.Add(TextNormalizer.Normalize(_text.ToString()));
                    _text.Clear();
                    _rowOpen = true;
                    break;
                case "row" or "nestrow":
                    EndRow();
                    break;
                case "emdash":
                    AddText("\u2014");
                    break;
                case "endash":
                    AddText("\u2013");
                    break;
                case "bullet":
                    AddText("\u2022");
                    break;
                case "lquote":
                    AddText("\u2018");
                    break;
                case "rquote":
                    AddText("\u2019");
                    break;
                case "ldblquote":
                    AddText("\u201C");
                    break;
                case "rdblquote":
                    AddText("\u201D");
                    break;
            }
        }

        private void EndStyleDefinition()
        {
            var name = _styleName.ToString().Trim().TrimEnd(';').Trim();
            if (_styleDefinition >= 0 && name.StartsWith("heading ", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(name.AsSpan(8), System.Globalization.CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 9)
            {
                _headingStyles[_styleDefinition] = level;
            }

            _styleName.Clear();
            _styleDefinition = -1;
        }

        private void AddByte(byte value)
        {
            if (!_state.Skip || _state.Destination == Destination.Title)
            {
                _pendingBytes.Add(value);
            }
        }

        private void AddText(string text)
        {
            FlushBytes();
            Target()?.Append(text);
        }

        private StringBuilder? Target() => _state.Destination switch
        {
            Destination.Title => _title,
            Destination.StyleSheet => _styleName,
            _ => _state.Skip ? null : _text,
        };

        private void FlushBytes()
        {
            if (_pendingBytes.Count == 0)
            {
                return;
            }

            var text = _codePage.GetString([.. _pendingBytes]);
            _pendingBytes.Clear();
            Target()?.Append(text);
        }

        private void EndParagraph()
        {
            var text = TextNormalizer.Normalize(_text.ToString());
            _text.Clear();
            if (text.Length == 0)
            {
                return;
            }

            EndTable();
            var level = _outlineLevel is >= 0 and < 9 ? _outlineLevel + 1 : _headingStyles.GetValueOrDefault(_style);
            Blocks.Add(level > 0 ? _headings.HeadingBlock(level, text) : _headings.Block(BlockKind.Paragraph, text));
        }

        private void EndRow()
        {
            if (!_rowOpen)
            {
                return;
            }

            if (_cells.Any(c => c.Length > 0))
            {
                // Rows of one table follow each other; the first names the columns (TableRows' rule).
                _table ??= new DocumentTableWriter(Blocks, _headings, input.Report);
                _table.AddRow([.. _cells.Select(c => new TableGridCell(c))]);
            }

            _cells.Clear();
            _text.Clear();
            _rowOpen = false;
        }

        private void EndTable()
        {
            _table?.Finish();
            _table = null;
        }

        private static Encoding CodePage(int page)
        {
            try
            {
                return page == 65001 ? new UTF8Encoding(false) : CodePagesEncodingProvider.Instance.GetEncoding(page) ?? Encoding.Latin1;
            }
            catch (ArgumentException)
            {
                return Encoding.Latin1;
            }
        }

        private readonly record struct GroupState(bool Skip, int UnicodeSkip, Destination Destination);
    }
}
