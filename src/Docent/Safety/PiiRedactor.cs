namespace Docent.Safety;

/// <summary>
/// Replaces found spans with a placeholder naming their kind ("[email]", "[IBAN]", …), keeping every other
/// character of the text as it was. Overlapping matches are resolved in favour of the one that starts first.
/// </summary>
public static class PiiRedactor
{
    public static string Redact(string text, IReadOnlyList<PiiMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(matches);
        if (matches.Count == 0)
        {
            return text;
        }

        var ordered = matches.OrderBy(m => m.Start).ThenByDescending(m => m.Length).ToList();
        var builder = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var match in ordered)
        {
            if (match.Start < 0 || match.Length <= 0 || match.End > text.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(matches), $"A match ({match.Start}, {match.Length}) lies outside the text.");
            }
            if (match.Start < position)
            {
                continue;
            }
            builder.Append(text, position, match.Start - position).Append('[').Append(Label(match.Kind)).Append(']');
            position = match.End;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    public static string Label(PiiKind kind) => kind switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.Iban => "IBAN",
        PiiKind.CardNumber => "card number",
        PiiKind.NationalId => "national id",
        PiiKind.Name => "name",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
