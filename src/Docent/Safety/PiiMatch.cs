namespace Docent.Safety;

/// <summary>
/// One piece of personal data found in a text: its kind, its character span and the text it covers;
/// <paramref name="Scheme"/> names the national-id scheme that matched (e.g. "US SSN"), null for other kinds.
/// </summary>
public sealed record PiiMatch(PiiKind Kind, int Start, int Length, string Value, string? Scheme = null)
{
    public int End => Start + Length;
}
