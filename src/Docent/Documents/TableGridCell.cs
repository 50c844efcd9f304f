namespace Docent.Documents;

/// <summary>
/// One cell of a document table as its reader found it, before <see cref="DocumentTableWriter"/> lays it on the grid:
/// its text, how many columns it spans (HTML colspan, DOCX gridSpan), how many rows (HTML rowspan), and whether it
/// continues the merged cell above it (DOCX vMerge). Immutable.
/// </summary>
/// <param name="Text">The cell's normalised text ("" when empty).</param>
/// <param name="ColumnSpan">Columns the cell covers, 1 or more.</param>
/// <param name="RowSpan">Rows the cell covers from this one down, 1 or more.</param>
/// <param name="ContinuesAbove">Whether the cell is the continuation of a vertically merged cell: its value is the one above.</param>
internal readonly record struct TableGridCell(string Text, int ColumnSpan = 1, int RowSpan = 1, bool ContinuesAbove = false);
