namespace Docent.Evaluation;

/// <summary>
/// Per-query ranking metrics with trec_eval's definitions (ndcg_cut, recall, P, recip_rank, map_cut), so our
/// figures compare with published BEIR/MS MARCO numbers. Hand-written because trec_eval is a C tool and no .NET
/// package implements it. A ranking is doc ids best first (no duplicates); judgements map doc id to grade, and a
/// grade of 0 or less (or an unjudged doc) is non-relevant. Stateless and thread-safe.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>The metric names <see cref="Evaluate"/> returns, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ndcg@10", "recall@10", "recall@100", "mrr@10", "map@100", "p@10"];

    /// <summary>trec_eval ndcg_cut.k: linear gain (the grade) over log2(rank + 1); the ideal ranking is the judged grades sorted descending.</summary>
    public static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels, int k)
    {
        CheckArguments(ranking, qrels, k);
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            var grade = Grade(qrels, ranking[i]);
            if (grade > 0)
            {
                dcg += grade / Math.Log2(i + 2);
            }
        }

        var ideal = qrels.Values.Where(g => g > 0).OrderByDescending(g => g).Take(k).ToArray();
        var idealDcg = 0.0;
        for (var i = 0; i < ideal.Length; i++)
        {
            idealDcg += ideal[i] / Math.Log2(i + 2);
        }

        return idealDcg > 0 ? dcg / idealDcg : 0.0;
    }

    /// <summary>trec_eval recall.k: relevant docs in the top k over all relevant docs; 0 when none are relevant.</summary>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels, int k)
    {
        CheckArguments(ranking, qrels, k);
        var relevant = RelevantCount(qrels);
        return relevant == 0 ? 0.0 : (double)RelevantInTop(ranking, qrels, k) / relevant;
    }

    /// <summary>trec_eval P.k: relevant docs in the top k over k, even when fewer than k were retrieved.</summary>
    public static double PrecisionAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels, int k)
    {
        CheckArguments(ranking, qrels, k);
        return (double)RelevantInTop(ranking, qrels, k) / k;
    }

    /// <summary>Reciprocal rank of the first relevant doc within the top k (trec_eval recip_rank, cut at k), else 0.</summary>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels, int k)
    {
        CheckArguments(ranking, qrels, k);
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (Grade(qrels, ranking[i]) > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0.0;
    }

    /// <summary>trec_eval map_cut.k: the sum of P@r over relevant docs at ranks r ≤ k, over all relevant docs.</summary>
    public static double AveragePrecisionAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels, int k)
    {
        CheckArguments(ranking, qrels, k);
        var relevant = RelevantCount(qrels);
        if (relevant == 0)
        {
            return 0.0;
        }

        var found = 0;
        var sum = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (Grade(qrels, ranking[i]) > 0)
            {
                found++;
                sum += (double)found / (i + 1);
            }
        }

        return sum / relevant;
    }

    /// <summary>All standard metrics for one query, keyed "ndcg@10", "recall@10", "recall@100", "mrr@10", "map@100", "p@10".</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels) =>
        new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["ndcg@10"] = NdcgAt(ranking, qrels, 10),
            ["recall@10"] = RecallAt(ranking, qrels, 10),
            ["recall@100"] = RecallAt(ranking, qrels, 100),
            ["mrr@10"] = ReciprocalRankAt(ranking, qrels, 10),
            ["map@100"] = AveragePrecisionAt(ranking, qrels, 100),
            ["p@10"] = PrecisionAt(ranking, qrels, 10),
        };

    private static int Grade(IReadOnlyDictionary<string, int> qrels, string docId) =>
        qrels.TryGetValue(docId, out var grade) ? grade : 0;

    private static int RelevantCount(IReadOnlyDictionary<string, int> qrels) => qrels.Values.Count(g => g > 0);

    private static int RelevantInTop(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels, int k)
    {
        var count = 0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (Grade(qrels, ranking[i]) > 0)
            {
                count++;
            }
        }

        return count;
    }

    private static void CheckArguments(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> qrels, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(qrels);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
    }
}
