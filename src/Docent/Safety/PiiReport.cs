namespace Docent.Safety;

/// <summary>How many items of each kind were found (and redacted) in one document, for the caller to record.</summary>
public sealed class PiiReport
{
    private readonly int[] _counts = new int[Enum.GetValues<PiiKind>().Length];

    public static PiiReport Of(IEnumerable<PiiMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var report = new PiiReport();
        foreach (var match in matches)
        {
            report._counts[(int)match.Kind]++;
        }
        return report;
    }

    public int Count(PiiKind kind) => _counts[(int)kind];

    public int Total => _counts.Sum();

    /// <summary>The kinds with at least one item, e.g. "email: 2, IBAN: 1"; empty when nothing was found.</summary>
    public override string ToString() =>
        string.Join(", ", Enum.GetValues<PiiKind>().Where(k => Count(k) > 0).Select(k => $"{PiiRedactor.Label(k)}: {Count(k)}"));
}
