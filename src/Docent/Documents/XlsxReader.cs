using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Docent.Documents;

/// <summary>
/// Reads Excel workbooks ("xlsx"): each sheet is a section headed by its name, its first non-empty row names the columns,
/// and every later row becomes one sentence of "header: value" pairs — "Row 7 — City: Tokyo; Per diem (EUR): 85." — so a
/// question about one cell retrieves, and cites, that row of that sheet with its column names. Cells are read as stored
/// (shared strings, inline strings, numbers, booleans, error codes), not recomputed or formatted. As with
/// <see cref="DocxReader"/>, the zip is checked against <see cref="ZipContainerLimits"/> first, DocumentFormat.OpenXml
/// only locates the parts, and every part is streamed through a counting stream with an <see cref="XmlReader"/> that
/// refuses DTDs, so no nesting or size can take the process down. Hand-written over the XML rather than the SDK's object
/// model for that reason. Thread-safe.
/// </summary>
public sealed class XlsxReader(ZipContainerLimits? limits = null) : IDocumentReader
{
    /// <summary>Columns read per row; cells beyond are ignored (a sheet's width is 16,384 at most).</summary>
    public const int MaxColumns = TableRows.MaxColumns;

    private const string Spreadsheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipContainerLimits _limits = limits ?? ZipContainerLimits.Default;

    /// <inheritdoc />
    public string Format => "xlsx";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ContentSniffer.IsZip(input.Head.Span) && ContentSniffer.XlsxExtensions.Contains(input.Extension);
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
            (stream, var guard) = await ZipDocumentParts.CheckedAsync(stream, input.Path, "XLSX", _limits, cancellationToken).ConfigureAwait(false);
            using var workbook = Guarded(input, "the package", () => SpreadsheetDocument.Open(stream, isEditable: false));
            var main = Guarded(input, "the package", () => workbook.WorkbookPart);
            if (main is null || !main.ContentType.Contains("spreadsheetml", StringComparison.Ordinal))
            {
                // The package's main part is found by relationship; a document or deck renamed .xlsx has one of another type.
                throw new DocumentReadException(input.Path, "not a valid XLSX: no workbook part (not an Excel workbook?)");
            }
            var strings = Guarded(input, "xl/sharedStrings.xml", () => ReadSharedStrings(main.SharedStringTablePart, guard, cancellationToken));
            var sheets = Guarded(input, "xl/workbook.xml", () => ReadSheets(main, guard));
            foreach (var (name, relationship) in sheets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Guarded(input, "xl/workbook.xml", () => main.TryGetPartById(relationship, out var part) ? part : null) is not WorksheetPart sheet)
                {
                    continue; // a chart sheet or a dangling relationship: nothing to read as rows
                }

                string partName = sheet.Uri.OriginalString.TrimStart('/');
                var rows = Guarded(input, partName, () => ReadRows(sheet, guard, strings, cancellationToken));
                if (rows.Count == 0)
                {
                    continue;
                }

                IReadOnlyList<string> path = [name];
                yield return new DocumentBlock(BlockKind.Heading, name, path, HeadingLevel: 1);
                var header = rows[0].Cells;
                foreach (var (number, cells) in rows.Skip(1))
                {
                    foreach (var sentence in RowSentences(number, cells, header))
                    {
                        yield return new DocumentBlock(BlockKind.TableRow, sentence, path);
                    }
                }

                if (rows.Count == 1)
                {
                    // A sheet of one row has no header to pair: its cells are the content.
                    foreach (var sentence in RowSentences(rows[0].Number, header, []))
                    {
                        yield return new DocumentBlock(BlockKind.TableRow, sentence, path);
                    }

                    continue;
                }

                input.Report.TableFound();
                if (TableRows.WidthWarning(rows.Max(row => row.Cells.Length), $"sheet \"{name}\"") is { } warning)
                {
                    input.Report.Warn(warning);
                }
            }

            var title = Guarded(input, "docProps/core.xml", () => TextNormalizer.Normalize(workbook.PackageProperties.Title));
            input.Report.Title ??= title.Length > 0 ? title : null;
        }
    }

    /// <summary>The row's sentences by <see cref="TableRows"/>: "Row 7 — City: Tokyo; Per diem (EUR): 85."; cells without a header named by column letter.</summary>
    internal static IEnumerable<string> RowSentences(int number, IReadOnlyList<string?> cells, IReadOnlyList<string?> header) =>
        TableRows.Sentences("Row " + number.ToString(CultureInfo.InvariantCulture), cells, header, TableRows.Spreadsheet);

    /// <summary>The 0-based column of a cell reference ("C7" → 2), or -1 when it names none.</summary>
    internal static int ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return -1;
        }

        int column = 0, letters = 0;
        foreach (char c in reference)
        {
            if (c is >= 'A' and <= 'Z' && letters < 3)
            {
                column = (column * 26) + (c - 'A' + 1);
                letters++;
            }
            else
            {
                break;
            }
        }

        return letters == 0 ? -1 : column - 1;
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part, ZipContainerGuard guard, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var xml = XmlReader.Create(guard.Limit(part.GetStream(FileMode.Open, FileAccess.Read)), ZipDocumentParts.XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si" && xml.NamespaceURI == Spreadsheet)
            {
                cancellationToken.ThrowIfCancellationRequested();
                strings.Add(ReadText(xml));
            }
        }

        return strings;
    }

    /// <summary>The sheets in workbook order: name and relationship id.</summary>
    private static List<(string Name, string Relationship)> ReadSheets(WorkbookPart part, ZipContainerGuard guard)
    {
        var sheets = new List<(string, string)>();
        using var xml = XmlReader.Create(guard.Limit(part.GetStream(FileMode.Open, FileAccess.Read)), ZipDocumentParts.XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet" && xml.NamespaceURI == Spreadsheet
                && xml.GetAttribute("id", Relationships) is { Length: > 0 } relationship)
            {
                sheets.Add((TextNormalizer.Normalize(xml.GetAttribute("name")) is { Length: > 0 } name ? name : $"Sheet {sheets.Count + 1}", relationship));
            }
        }

        return sheets;
    }

    /// <summary>The sheet's non-empty rows in order: their 1-based number and their cells by column.</summary>
    private static List<(int Number, string?[] Cells)> ReadRows(WorksheetPart part, ZipContainerGuard guard, List<string> strings, CancellationToken cancellationToken)
    {
        var rows = new List<(int, string?[])>();
        using var xml = XmlReader.Create(guard.Limit(part.GetStream(FileMode.Open, FileAccess.Read)), ZipDocumentParts.XmlSettings);
        var buffer = new string?[MaxColumns];
        string?[]? cells = null;
        int number = 0;
        while (xml.Read())
        {
            if (xml.NamespaceURI != Spreadsheet)
            {
                continue;
            }

            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "row")
            {
                cancellationToken.ThrowIfCancellationRequested();
                number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out int r) ? r : number + 1;
                Array.Clear(buffer);
                cells = xml.IsEmptyElement ? null : buffer;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "row" && cells is not null)
            {
                int width = Array.FindLastIndex(cells, c => !string.IsNullOrWhiteSpace(c)) + 1;
                if (width > 0)
                {
                    rows.Add((number, cells[..width]));
                }

                cells = null;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c" && cells is not null)
            {
                int column = ColumnOf(xml.GetAttribute("r"));
                if (column < 0)
                {
                    column = Array.FindLastIndex(cells, c => c is not null) + 1;
                }

                string? type = xml.GetAttribute("t");
                string value = xml.IsEmptyElement ? "" : ReadCell(xml, type, strings);
                if (column < MaxColumns)
                {
                    cells[column] = value;
                }
            }
        }

        return rows;
    }

    /// <summary>A cell's value as stored: a shared or inline string, or the raw value of a number, boolean or error.</summary>
    private static string ReadCell(XmlReader xml, string? type, List<string> strings)
    {
        string value = "";
        int depth = xml.Depth;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element || xml.NamespaceURI != Spreadsheet)
            {
                continue;
            }

            if (xml.LocalName == "v")
            {
                value = xml.ReadElementContentAsString();
                if (xml.Depth <= depth)
                {
                    break;
                }
            }
            else if (xml.LocalName == "is")
            {
                value = ReadText(xml);
            }
        }

        return type switch
        {
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < strings.Count ? strings[index] : "",
            "b" => value == "1" ? "TRUE" : "FALSE",
            _ => TextNormalizer.Normalize(value),
        };
    }

    /// <summary>The text of the element the reader is on: its &lt;t&gt; runs joined, phonetic runs (&lt;rPh&gt;) left out.</summary>
    private static string ReadText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return "";
        }

        var text = new StringBuilder();
        int depth = xml.Depth;
        int phonetic = -1;
        int inText = -1;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType == XmlNodeType.Element && !xml.IsEmptyElement)
            {
                if (xml.LocalName == "rPh" && phonetic < 0)
                {
                    phonetic = xml.Depth;
                }
                else if (xml.LocalName == "t" && phonetic < 0)
                {
                    inText = xml.Depth;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement)
            {
                if (xml.Depth == phonetic)
                {
                    phonetic = -1;
                }
                else if (xml.Depth == inText)
                {
                    inText = -1;
                }
            }
            else if (inText >= 0 && xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                text.Append(xml.Value);
            }
        }

        return TextNormalizer.Normalize(text.ToString());
    }

    private static T Guarded<T>(DocumentInput input, string partName, Func<T> step) =>
        ZipDocumentParts.Guarded(input, partName, "XLSX", step);
}
