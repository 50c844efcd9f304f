namespace Docent.Evaluation;

/// <summary>
/// Scores an answer's cited quotes against gold sentences (ClapNQ). A quote <em>covers</em> a gold sentence when
/// at least half of the gold sentence's SQuAD-normalised tokens (counted as a bag) occur in the quote; the quote
/// may be longer. Answered correctly: some quote covers some gold sentence. Citation precision: the share of
/// distinct quotes that cover a gold sentence; recall: the share of gold sentences covered by some quote.
/// Stateless and thread-safe.
/// </summary>
public static class GoldSentenceScoring
{
    /// <summary>The share of a gold sentence's tokens a quote must contain to cover it.</summary>
    public const double CoverThreshold = 0.5;

    /// <summary>Whether <paramref name="quote"/> contains at least half of <paramref name="gold"/>'s normalised tokens.</summary>
    public static bool Covers(string quote, string gold)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(gold);
        var goldTokens = SquadScoring.NormalizedTokens(gold);
        if (goldTokens.Length == 0)
        {
            return false;
        }

        var available = SquadScoring.NormalizedTokens(quote).CountBy(t => t, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var common = 0;
        foreach (var token in goldTokens)
        {
            if (available.TryGetValue(token, out var left) && left > 0)
            {
                available[token] = left - 1;
                common++;
            }
        }

        return common >= CoverThreshold * goldTokens.Length;
    }

    /// <summary>
    /// Scores <paramref name="quotes"/> against <paramref name="golds"/>: whether some quote covers a gold sentence,
    /// the citation precision (null when there are no quotes) and the recall (0 when there are no quotes or golds).
    /// </summary>
    public static (bool Answered, double? Precision, double Recall) Score(IReadOnlyList<string> quotes, IReadOnlyList<string> golds)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        ArgumentNullException.ThrowIfNull(golds);
        var distinct = quotes.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return (false, null, 0.0);
        }

        var precise = distinct.Count(q => golds.Any(g => Covers(q, g)));
        var covered = golds.Count(g => distinct.Any(q => Covers(q, g)));
        return (precise > 0, (double)precise / distinct.Count, golds.Count == 0 ? 0.0 : (double)covered / golds.Count);
    }
}
