namespace Docent.Documents;

/// <summary>
/// Finds simple tables among a PDF page's lines from the positions of their words, conservatively: a line splits into
/// cells where the gap between two words is wider than <see cref="MinCellGapEm"/> of its type size; a table is a run of
/// at least <see cref="MinRows"/> consecutive lines (no jump up the page, no gap wider than a few lines) that each have
/// two or more cells, every cell falling into exactly one of the column bands the first line sets (bands widen as rows
/// join but never touch). The first line is the header; its cells must be words (a letter each, no dot leaders, so a
/// table of contents is not a table), and it must either be set apart in type (another font or size than the rows, as a
/// bold header is) or head a column of figures (most of a column's cells hold a digit) — so an option list ("-v
/// --verbose   say more") or a glossary set in two columns is not taken for a table. Every cell must be short (<see cref="MaxCellChars"/> characters,
/// <see cref="MaxMeanWordsPerCell"/> words on average) — prose set in two columns has long runs of words per "cell" and
/// is left alone. Ruling lines are not used: the text alone decides. A wrapped cell ends the table at that row (the rest
/// stays text). Thread-safe (stateless).
/// </summary>
internal static class PdfTableDetector
{
    /// <summary>Fewest lines, header included, that make a table.</summary>
    public const int MinRows = 3;

    /// <summary>A gap between words wider than this many ems separates cells.</summary>
    public const double MinCellGapEm = 0.6;

    /// <summary>Longest cell, in characters, a table may hold.</summary>
    public const int MaxCellChars = 60;

    /// <summary>Most words a table's cells may hold on average.</summary>
    public const double MaxMeanWordsPerCell = 4;

    /// <summary>Most columns a PDF table may have.</summary>
    public const int MaxColumns = 32;

    // Baselines further apart than this many type sizes end the table (a paragraph gap or a jump to another column).
    private const double MaxRowGapEm = 2.6;

    /// <summary>A table found on the page: its first line, how many lines it covers, and its rows' cells by column (the header first).</summary>
    public sealed record Table(int FirstLine, int LineCount, IReadOnlyList<string[]> Rows);

    /// <summary>The tables among <paramref name="lines"/>, in order, not overlapping.</summary>
    public static List<Table> Find(IReadOnlyList<PdfTextLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var tables = new List<Table>();
        int first = 0;
        while (first < lines.Count)
        {
            var (table, aligned) = TableAt(lines, first);
            if (table is not null)
            {
                tables.Add(table);
            }

            // A run of aligned lines that is not a table is passed over whole: each line is looked at a bounded number of times.
            first += Math.Max(1, aligned >= MinRows ? aligned : 1);
        }

        return tables;
    }

    // The table whose header is lines[first], or null; and how many lines, from first, line up in its columns.
    private static (Table? Table, int Aligned) TableAt(IReadOnlyList<PdfTextLine> lines, int first)
    {
        var header = Cells(lines[first]);
        if (header.Count is < 2 or > MaxColumns || !header.TrueForAll(cell => IsHeaderCell(cell.Text)))
        {
            return (null, 1);
        }

        var bands = header.Select(cell => (cell.Left, cell.Right)).ToList();
        var rows = new List<string[]> { header.Select(cell => cell.Text).ToArray() };
        int next = first + 1;
        for (; next < lines.Count; next++)
        {
            var (above, line) = (lines[next - 1], lines[next]);
            double gap = above.Baseline - line.Baseline;
            if (gap <= 0 || gap > MaxRowGapEm * Math.Max(Math.Max(above.Size, line.Size), 1))
            {
                break;
            }

            var cells = Cells(line);
            if (cells.Count < 2 || Assign(cells, bands) is not { } columns)
            {
                break;
            }

            var row = new string[bands.Count];
            for (int i = 0; i < cells.Count; i++)
            {
                row[columns[i]] = cells[i].Text;
                var band = bands[columns[i]];
                bands[columns[i]] = (Math.Min(band.Left, cells[i].Left), Math.Max(band.Right, cells[i].Right));
            }

            if (!Separate(bands))
            {
                break;
            }

            rows.Add(row);
        }

        if (rows.Count < MinRows || !ShortCells(rows))
        {
            return (null, rows.Count);
        }

        bool setApart = !Typeface(lines[first]).Equals(Typeface(lines[first + 1])) && Typeface(lines[first + 1]).Equals(Typeface(lines[first + 2]));
        return (setApart || HasFigureColumn(rows) ? new Table(first, rows.Count, rows) : null, rows.Count);
    }

    // A line's look: its most common font and its size to the half point.
    private static (string Font, double Size) Typeface(PdfTextLine line) =>
        (line.Words.GroupBy(word => word.Font).MaxBy(group => group.Count())?.Key ?? "", Math.Round(line.Size * 2) / 2);

    // Whether some column's body cells mostly hold a digit (amounts, dates, counts).
    private static bool HasFigureColumn(List<string[]> rows)
    {
        for (int column = 0; column < rows[0].Length; column++)
        {
            int filled = 0, figures = 0;
            foreach (var row in rows.Skip(1))
            {
                if (row[column] is { Length: > 0 } cell)
                {
                    filled++;
                    figures += cell.Any(char.IsDigit) ? 1 : 0;
                }
            }

            if (filled >= MinRows - 1 && figures * 3 >= filled * 2)
            {
                return true;
            }
        }

        return false;
    }

    // The line's words grouped into cells at gaps wider than MinCellGapEm.
    private static List<(string Text, double Left, double Right)> Cells(PdfTextLine line)
    {
        var cells = new List<(string Text, double Left, double Right)>();
        var words = line.Words;
        double minGap = MinCellGapEm * Math.Max(line.Size, 1);
        int start = 0;
        for (int i = 1; i <= words.Count; i++)
        {
            if (i == words.Count || words[i].Left - words[i - 1].Right > minGap || words[i].Left < words[i - 1].Left)
            {
                if (i > start)
                {
                    var text = TextNormalizer.Normalize(string.Join(' ', Enumerable.Range(start, i - start).Select(w => words[w].Text)));
                    cells.Add((text, words[start].Left, words[i - 1].Right));
                }

                start = i;
            }
        }

        return cells;
    }

    // Each cell's column: the one band it overlaps, columns strictly left to right; null when a cell overlaps none or two.
    private static int[]? Assign(List<(string Text, double Left, double Right)> cells, List<(double Left, double Right)> bands)
    {
        var columns = new int[cells.Count];
        int previous = -1;
        for (int i = 0; i < cells.Count; i++)
        {
            int found = -1;
            for (int b = 0; b < bands.Count; b++)
            {
                if (cells[i].Left < bands[b].Right && cells[i].Right > bands[b].Left)
                {
                    if (found >= 0)
                    {
                        return null;
                    }

                    found = b;
                }
            }

            if (found <= previous)
            {
                return null;
            }

            columns[i] = previous = found;
        }

        return columns;
    }

    private static bool Separate(List<(double Left, double Right)> bands)
    {
        for (int b = 1; b < bands.Count; b++)
        {
            if (bands[b].Left <= bands[b - 1].Right)
            {
                return false;
            }
        }

        return true;
    }

    // A column name: has a letter, and is not a dot leader or a page number.
    private static bool IsHeaderCell(string text) =>
        text.Length <= MaxCellChars && text.Any(char.IsLetter) && !text.Contains("...", StringComparison.Ordinal) && !text.Contains(". .", StringComparison.Ordinal);

    private static bool ShortCells(List<string[]> rows)
    {
        int cells = 0, words = 0;
        foreach (var cell in rows.SelectMany(row => row).Where(cell => cell is not null))
        {
            if (cell.Length > MaxCellChars || cell.Contains("...", StringComparison.Ordinal) || cell.Contains(". .", StringComparison.Ordinal))
            {
                return false;
            }

            cells++;
            words += cell.Count(c => c == ' ') + 1;
        }

        return cells > 0 && (double)words / cells <= MaxMeanWordsPerCell;
    }
}
