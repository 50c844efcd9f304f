namespace Docent.Documents;

/// <summary>
/// Counts the runs of hidden text a reader left out (HTML elements hidden by inline CSS, DOCX runs marked hidden or coloured
/// white on nothing) and why, for one warning per document: hidden text is a common way to plant instructions for AI
/// models, so it is not indexed. Not thread-safe: one instance per document.
/// </summary>
internal sealed class HiddenTextTally
{
    private readonly List<string> _reasons = [];

    /// <summary>Runs left out so far.</summary>
    public int Count { get; private set; }

    /// <summary>Counts one run left out for <paramref name="reason"/> ("CSS display:none", "white-on-white text").</summary>
    public void Add(string reason)
    {
        Count++;
        if (!_reasons.Contains(reason, StringComparer.Ordinal))
        {
            _reasons.Add(reason);
        }
    }

    /// <summary>Adds the warning to <paramref name="report"/> when anything was left out.</summary>
    public void Report(DocumentReadReport report)
    {
        if (Count > 0)
        {
            report.Warn((Count == 1 ? "1 run of hidden text was left out" : $"{Count:N0} runs of hidden text were left out")
                + $" ({string.Join(", ", _reasons)}): hidden text is a common way to plant instructions for AI models.");
        }
    }
}
