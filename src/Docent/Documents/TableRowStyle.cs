namespace Docent.Documents;

/// <summary>
/// How <see cref="TableRows"/> names what a header does not: <paramref name="ColumnName"/> names a cell without a header
/// by its 0-based column, and <paramref name="LabelUnnamedFirstColumn"/> says whether a first column without a header is
/// the row's label rather than a named value. Immutable.
/// </summary>
/// <param name="ColumnName">Names a column that has no header.</param>
/// <param name="LabelUnnamedFirstColumn">Whether an unnamed first column labels the row.</param>
internal sealed record TableRowStyle(Func<int, string> ColumnName, bool LabelUnnamedFirstColumn);
