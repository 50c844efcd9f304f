using System.Globalization;
using System.Text;

namespace Docent.Documents;

/// <summary>
/// The one rule by which every reader turns a table row into a retrievable sentence: each value is named by its
/// column header — "City: Tokyo; Per diem: ¥20,000; Hotel cap: ¥25,000." — behind an optional locator that says where
/// the row is ("Row 3 — …", the spreadsheet row a cell is cited by). A first column without a header holds the row's
/// label ("Tokyo — Per diem: ¥20,000.") in document tables; other cells without a header are named by their column
/// ("E" in spreadsheets, "Column 5" in documents). Empty cells are left out. A row of more than
/// <see cref="MaxCellsPerSentence"/> values becomes several sentences, each repeating the row's locator and first value,
/// so no sentence grows without bound; columns past <see cref="MaxColumns"/> are dropped. Thread-safe (stateless).
/// </summary>
internal static class TableRows
{
    /// <summary>Columns read per row; cells beyond are ignored (a spreadsheet's width is 16,384 at most).</summary>
    public const int MaxColumns = 256;

    /// <summary>Values named in one sentence; a wider row continues in further sentences.</summary>
    public const int MaxCellsPerSentence = 24;

    /// <summary>A sentence stops taking values past this many characters (one value alone may be longer, up to a block).</summary>
    public const int MaxSentenceChars = PlainTextReader.MaxBlockChars;

    /// <summary>A header name is cut to this many characters (a header cell is a name, not a paragraph).</summary>
    public const int MaxHeaderChars = 200;

    /// <summary>How spreadsheets name rows: column letters for cells without a header, no row label.</summary>
    public static readonly TableRowStyle Spreadsheet = new(ColumnLetters, LabelUnnamedFirstColumn: false);

    /// <summary>How document tables name rows: "Column N" for cells without a header, a first column without a header labels the row.</summary>
    public static readonly TableRowStyle Document = new(
        column => "Column " + (column + 1).ToString(CultureInfo.InvariantCulture), LabelUnnamedFirstColumn: true);

    /// <summary>
    /// The row's sentences: one, or for a row of more than <see cref="MaxCellsPerSentence"/> values one per group of
    /// them, each after the first repeating the locator and the row's first value so it still says which row it is.
    /// Nothing when every cell is empty.
    /// </summary>
    public static IEnumerable<string> Sentences(string? locator, IReadOnlyList<string?> cells, IReadOnlyList<string?> header, TableRowStyle style)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(style);
        string? label = null;
        var pairs = new List<string>();
        int width = Math.Min(cells.Count, MaxColumns);
        for (int column = 0; column < width; column++)
        {
            string? value = cells[column];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            string? name = column < header.Count && !string.IsNullOrWhiteSpace(header[column]) ? HeaderName(header[column]!) : null;
            if (name is null && column == 0 && style.LabelUnnamedFirstColumn)
            {
                label = value;
                continue;
            }

            pairs.Add((name ?? style.ColumnName(column)) + ": " + value);
        }

        string prefix = string.Join(" — ", new[] { locator, label }.Where(part => !string.IsNullOrEmpty(part)));
        if (pairs.Count == 0)
        {
            if (label is not null)
            {
                yield return Finish(new StringBuilder(prefix));
            }

            yield break;
        }

        // A continuation repeats the row's anchor: its label, or else its first named value.
        string anchor = label is null ? pairs[0] : "";
        int start = 0;
        while (start < pairs.Count)
        {
            var text = new StringBuilder(prefix);
            if (start > 0)
            {
                text.Append(label is null ? (text.Length > 0 ? " — " : "") + anchor : "").Append(" (continued)");
            }

            text.Append(text.Length > 0 ? " — " : "");
            int taken = 0;
            for (; start < pairs.Count && taken < MaxCellsPerSentence; start++, taken++)
            {
                if (taken > 0 && text.Length + pairs[start].Length > MaxSentenceChars)
                {
                    break;
                }

                text.Append(taken > 0 ? "; " : "").Append(pairs[start]);
            }

            yield return Finish(text);
        }
    }

    /// <summary>A row of a table without a header: its cells joined by " | ", the first (the row's label) followed by ": ".</summary>
    public static string Unnamed(IReadOnlyList<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var values = cells.Take(MaxColumns).Where(cell => !string.IsNullOrWhiteSpace(cell)).ToList();
        return values.Count switch
        {
            0 => "",
            1 => values[0]!,
            _ => Finish(new StringBuilder(values[0]).Append(": ").AppendJoin(" | ", values.Skip(1))),
        };
    }

    /// <summary>The column letters of a 0-based column index (0 → A, 26 → AA).</summary>
    public static string ColumnLetters(int column)
    {
        var name = new StringBuilder();
        for (int n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return name.ToString();
    }

    /// <summary>The warning a reader raises once for a table wider than <see cref="MaxCellsPerSentence"/> or <see cref="MaxColumns"/>.</summary>
    public static string? WidthWarning(int columns, string where) => columns switch
    {
        > MaxColumns => $"{where}: a table of {columns} columns; columns past {MaxColumns} were dropped and each row split into sentences of at most {MaxCellsPerSentence} cells",
        > MaxCellsPerSentence => $"{where}: a table of {columns} columns; each row split into sentences of at most {MaxCellsPerSentence} cells",
        _ => null,
    };

    private static string HeaderName(string header) =>
        header.Length <= MaxHeaderChars ? header : header[..MaxHeaderChars].TrimEnd() + "…";

    // One sentence a row: end it, unless the last cell ended one already.
    private static string Finish(StringBuilder text) =>
        text.Length == 0 || text[^1] is '.' or '!' or '?' ? text.ToString() : text.Append('.').ToString();
}
