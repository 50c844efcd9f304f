namespace Docent.Text;

/// <summary>An index term produced by an analyzer, with its ordinal position and source span.</summary>
/// <param name="Term">The normalised, stemmed term.</param>
/// <param name="Position">0-based position among all word tokens (stop words count, so gaps show).</param>
/// <param name="Start">Start of the surface form in the analysed string.</param>
/// <param name="Length">Length of the surface form.</param>
public readonly record struct Token(string Term, int Position, int Start, int Length);
