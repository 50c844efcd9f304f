namespace Docent.Documents;

/// <summary>
/// Turns the rows of one table in a document (DOCX, HTML, Markdown, PDF) into blocks as they arrive, by the rule of
/// <see cref="TableRows"/>: the header rows (those the format marks, else the first row) name the columns and every later
/// row becomes one <see cref="BlockKind.TableRow"/> sentence — "City: Tokyo; Per diem: ¥20,000; Hotel cap: ¥25,000."
/// Merged cells are laid on a grid first: a cell spanning columns or rows repeats its value in each (so a merged
/// "Region: Asia" names every row it covers), and several header rows join their names ("Cost / Hotel"). A body row
/// that repeats the header (a header repeated on each page) is dropped; a row of one cell spanning several columns (the
/// table's title, or a label between groups of rows) is a paragraph. A layout table — one column, or one row — is
/// ordinary text: its cells become paragraphs. A table the reader knows has no header keeps its cells joined
/// ("Tokyo: ¥20,000 | ¥25,000"). Each data table counts once in <see cref="DocumentReadReport.TableFound"/>; one wider
/// than <see cref="TableRows.MaxCellsPerSentence"/> columns warns once. Holds one row and its spans: streaming, bounded
/// by <see cref="TableRows.MaxColumns"/>. Not thread-safe: one instance per table.
/// </summary>
internal sealed class DocumentTableWriter(List<DocumentBlock> output, HeadingPathTracker headings, DocumentReadReport report, int? page = null)
{
    private const int MaxRowSpan = 65_534; // HTML's own limit for rowspan

    private readonly string?[] _spanText = new string?[TableRows.MaxColumns];
    private readonly int[] _spanRows = new int[TableRows.MaxColumns];
    private string?[] _previous = [];
    private string?[]? _header;
    private bool _headerMarked;
    private int _bodyRows;
    private int _widest;
    private bool _layout;

    /// <summary>Whether the table has no header row (its reader knows, e.g. an HTML table of row headers only).</summary>
    public bool Headerless { get; init; }

    /// <summary>Adds the next row; <paramref name="isHeader"/> when the format marks it as a header row.</summary>
    public void AddRow(IReadOnlyList<TableGridCell> cells, bool isHeader = false)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var row = LayOut(cells);
        int width = Array.FindLastIndex(row, cell => !string.IsNullOrWhiteSpace(cell)) + 1;
        _previous = row;
        if (width == 0)
        {
            return;
        }

        if (_layout || (cells.Count == 1 && cells[0].ColumnSpan > 1))
        {
            // A layout table's cells, or one cell across the table: its title, or a label between groups of rows.
            Paragraphs(row);
            return;
        }

        // Values a sentence must hold, or the cells the reader met past the grid's cut (it passes one more than fit).
        _widest = Math.Max(_widest, cells.Count > TableRows.MaxColumns ? cells.Count : row.Count(cell => !string.IsNullOrWhiteSpace(cell)));
        if (Headerless)
        {
            _layout = cells.Count == 1;
            Add(_layout ? BlockKind.Paragraph : BlockKind.TableRow, TableRows.Unnamed(row));
            _bodyRows += _layout ? 0 : 1;
            return;
        }

        if (_header is null)
        {
            if (cells.Count == 1)
            {
                // A first row of one cell over one column: a layout table.
                _layout = true;
                Paragraphs(row);
                return;
            }

            _header = row;
            _headerMarked = isHeader;
            return;
        }

        if (isHeader && _headerMarked && _bodyRows == 0)
        {
            JoinHeader(row);
            return;
        }

        if (row.AsSpan().SequenceEqual(_header))
        {
            return; // the header repeated, as on every page of a long table
        }

        foreach (var sentence in TableRows.Sentences(null, row, _header, TableRows.Document))
        {
            Add(BlockKind.TableRow, sentence);
        }

        _bodyRows++;
    }

    /// <summary>Ends the table: a header that no row followed is text, a data table is counted, a wide one warned about.</summary>
    public void Finish()
    {
        if (_header is not null && _bodyRows == 0)
        {
            Paragraphs(_header); // a table of one row lays cells side by side; it holds no data to name
        }

        if (_bodyRows > 0)
        {
            report.TableFound();
            if (TableRows.WidthWarning(_widest, $"table {report.Tables}") is { } warning)
            {
                report.Warn(warning);
            }
        }

        _header = null;
        _bodyRows = 0;
    }

    // The row on the grid: spans repeated into every column and row they cover, a vertical continuation given the value above.
    private string?[] LayOut(IReadOnlyList<TableGridCell> cells)
    {
        var row = new string?[TableRows.MaxColumns];
        int column = 0;
        foreach (var cell in cells)
        {
            column = SkipSpanned(row, column);
            int span = Math.Clamp(cell.ColumnSpan, 1, TableRows.MaxColumns);
            for (int i = 0; i < span && column < row.Length; i++, column++)
            {
                string? text = cell.ContinuesAbove ? (column < _previous.Length ? _previous[column] : null) : cell.Text;
                row[column] = string.IsNullOrWhiteSpace(text) ? null : text;
                if (cell.RowSpan > 1)
                {
                    _spanText[column] = row[column];
                    _spanRows[column] = Math.Min(cell.RowSpan, MaxRowSpan) - 1;
                }
            }
        }

        // Spans from rows above that reach past this row's last cell.
        for (; column < row.Length; column++)
        {
            column = SkipSpanned(row, column);
        }

        int width = Array.FindLastIndex(row, cell => cell is not null) + 1;
        return row[..width];
    }

    // Fills the columns from `column` on that a row above still spans, and returns the first free one.
    private int SkipSpanned(string?[] row, int column)
    {
        while (column < row.Length && _spanRows[column] > 0)
        {
            row[column] = _spanText[column];
            _spanRows[column]--;
            column++;
        }

        return column;
    }

    private void JoinHeader(string?[] row)
    {
        var joined = new string?[Math.Max(_header!.Length, row.Length)];
        for (int i = 0; i < joined.Length; i++)
        {
            string? upper = i < _header.Length ? _header[i] : null, lower = i < row.Length ? row[i] : null;
            joined[i] = upper is null || upper == lower ? lower : lower is null ? upper : upper + " / " + lower;
        }

        _header = joined;
    }

    private void Paragraphs(string?[] row)
    {
        string? last = null;
        foreach (var cell in row)
        {
            if (!string.IsNullOrWhiteSpace(cell) && cell != last)
            {
                Add(BlockKind.Paragraph, cell);
            }

            last = cell ?? last;
        }
    }

    private void Add(BlockKind kind, string text)
    {
        if (text.Length > 0)
        {
            output.Add(headings.Block(kind, text, page));
        }
    }
}
