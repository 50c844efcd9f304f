namespace Docent.Retrieval;

/// <summary>
/// Merges rankings of the same chunks from different retrievers: reciprocal rank fusion, or min-max normalised
/// scores combined with weights. Pure functions; static; thread-safe.
/// </summary>
public static class RankFusion
{
    /// <summary>The RRF constant of Cormack, Clarke &amp; Büttcher (2009).</summary>
    public const int RrfK = 60;

    /// <summary>Σ weight / (k + rank) over the rankings each key appears in; best first.</summary>
    public static IReadOnlyList<ScoredKey> ReciprocalRank(IReadOnlyList<IReadOnlyList<ScoredKey>> rankings, IReadOnlyList<double>? weights = null, int k = RrfK)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        var fused = new Dictionary<long, double>();
        for (var r = 0; r < rankings.Count; r++)
        {
            var weight = weights?[r] ?? 1.0;
            for (var i = 0; i < rankings[r].Count; i++)
            {
                var key = rankings[r][i].Key;
                fused[key] = fused.GetValueOrDefault(key) + (weight / (k + i + 1));
            }
        }

        return Sort(fused);
    }

    /// <summary>
    /// Each ranking's scores mapped to [0, 1] by (s − min) / (max − min) (all 1 when they are equal), then
    /// Σ weight × normalised score, a key missing from a ranking counting 0 there; best first.
    /// </summary>
    public static IReadOnlyList<ScoredKey> MinMax(IReadOnlyList<IReadOnlyList<ScoredKey>> rankings, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != rankings.Count)
        {
            throw new ArgumentException("One weight per ranking is needed.", nameof(weights));
        }

        var fused = new Dictionary<long, double>();
        for (var r = 0; r < rankings.Count; r++)
        {
            var ranking = rankings[r];
            if (ranking.Count == 0)
            {
                continue;
            }

            var min = ranking.Min(h => h.Score);
            var max = ranking.Max(h => h.Score);
            var range = max - min;
            foreach (var hit in ranking)
            {
                var normalised = range > 0 ? (hit.Score - min) / range : 1.0;
                fused[hit.Key] = fused.GetValueOrDefault(hit.Key) + (weights[r] * normalised);
            }
        }

        return Sort(fused);
    }

    private static List<ScoredKey> Sort(Dictionary<long, double> fused)
    {
        var list = fused.Select(pair => new ScoredKey(pair.Key, pair.Value)).ToList();
        // Ties broken by key so the order is deterministic.
        list.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Key.CompareTo(b.Key));
        return list;
    }
}
