using Docent.Evaluation;

namespace Docent.Tests.Evaluation;

public sealed class RetrievalMetricsTests
{
    // Graded judgements: d1=3, d2=2, d3=1 relevant; d4 judged non-relevant (0); d5 negative; d9 unjudged.
    private static readonly Dictionary<string, int> Qrels = new() { ["d1"] = 3, ["d2"] = 2, ["d3"] = 1, ["d4"] = 0, ["d5"] = -1 };

    // Ranks:                                          1     2     3     4     5
    private static readonly string[] Ranking = ["d3", "d9", "d1", "d4", "d2"];

    [Fact]
    public void Ndcg_uses_linear_gain_and_ideal_from_sorted_grades()
    {
        // DCG@5  = 1/log2(2) + 0 + 3/log2(4) + 0 + 2/log2(6) = 1 + 1.5 + 2/2.5849625 = 3.2737056
        // IDCG@5 = 3/log2(2) + 2/log2(3) + 1/log2(4)          = 3 + 1.2618595 + 0.5  = 4.7618595
        Assert.Equal(3.2737056 / 4.7618595, RetrievalMetrics.NdcgAt(Ranking, Qrels, 5), 6);
        Assert.Equal(0.687485, RetrievalMetrics.NdcgAt(Ranking, Qrels, 5), 6);
        // @2: DCG = 1/1 + 0 = 1; IDCG = 3 + 2/log2(3) = 4.2618595
        Assert.Equal(1 / 4.2618595, RetrievalMetrics.NdcgAt(Ranking, Qrels, 2), 6);
        // @10 with 5 retrieved: same DCG, ideal has only 3 positive grades, so same as @5.
        Assert.Equal(RetrievalMetrics.NdcgAt(Ranking, Qrels, 5), RetrievalMetrics.NdcgAt(Ranking, Qrels, 10), 12);
    }

    [Fact]
    public void Ideal_ranking_scores_one()
    {
        Assert.Equal(1.0, RetrievalMetrics.NdcgAt(["d1", "d2", "d3"], Qrels, 10), 12);
        // A worse order at the same cut: DCG = 1 + 2/log2(3) + 3/2 = 3.7618595 over 4.7618595.
        Assert.Equal(3.7618595 / 4.7618595, RetrievalMetrics.NdcgAt(["d3", "d2", "d1"], Qrels, 10), 6);
    }

    [Fact]
    public void Recall_counts_relevant_in_top_k_over_all_relevant()
    {
        // 3 relevant in total (d1, d2, d3); the top 3 holds d3 and d1.
        Assert.Equal(2.0 / 3, RetrievalMetrics.RecallAt(Ranking, Qrels, 3), 12);
        Assert.Equal(1.0, RetrievalMetrics.RecallAt(Ranking, Qrels, 5), 12);
        Assert.Equal(1.0 / 3, RetrievalMetrics.RecallAt(Ranking, Qrels, 1), 12);
    }

    [Fact]
    public void Precision_divides_by_k_even_when_fewer_are_retrieved()
    {
        Assert.Equal(2.0 / 3, RetrievalMetrics.PrecisionAt(Ranking, Qrels, 3), 12);
        // 5 retrieved, 3 relevant: 3/10, not 3/5.
        Assert.Equal(0.3, RetrievalMetrics.PrecisionAt(Ranking, Qrels, 10), 12);
    }

    [Fact]
    public void Reciprocal_rank_is_cut_at_k()
    {
        Assert.Equal(1.0, RetrievalMetrics.ReciprocalRankAt(Ranking, Qrels, 10), 12);
        // First relevant (d2) at rank 3: 1/3 at k=10, 0 at k=2.
        string[] late = ["d4", "d9", "d2"];
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRankAt(late, Qrels, 10), 12);
        Assert.Equal(0.0, RetrievalMetrics.ReciprocalRankAt(late, Qrels, 2), 12);
    }

    [Fact]
    public void Average_precision_sums_precision_at_relevant_ranks_over_all_relevant()
    {
        // Relevant at ranks 1, 3, 5: (P@1 + P@3 + P@5) / 3 = (1 + 2/3 + 3/5) / 3 = 0.7555556
        Assert.Equal((1 + 2.0 / 3 + 3.0 / 5) / 3, RetrievalMetrics.AveragePrecisionAt(Ranking, Qrels, 5), 12);
        Assert.Equal(0.755556, RetrievalMetrics.AveragePrecisionAt(Ranking, Qrels, 100), 6);
        // Cut at 3: (1 + 2/3) / 3; the relevant doc at rank 5 still counts in the denominator.
        Assert.Equal((1 + 2.0 / 3) / 3, RetrievalMetrics.AveragePrecisionAt(Ranking, Qrels, 3), 12);
    }

    [Fact]
    public void No_relevant_retrieved_scores_zero_everywhere()
    {
        string[] misses = ["d4", "d5", "d9"];
        var all = RetrievalMetrics.Evaluate(misses, Qrels);
        Assert.All(all.Values, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void No_relevant_judgements_score_zero_not_nan()
    {
        var none = new Dictionary<string, int> { ["d4"] = 0 };
        var all = RetrievalMetrics.Evaluate(["d4", "d1"], none);
        Assert.All(all.Values, v => Assert.Equal(0.0, v));
        Assert.Equal(0.0, RetrievalMetrics.NdcgAt([], Qrels, 10));
    }

    [Fact]
    public void Evaluate_returns_the_standard_keys()
    {
        var all = RetrievalMetrics.Evaluate(Ranking, Qrels);
        Assert.Equal(["ndcg@10", "recall@10", "recall@100", "mrr@10", "map@100", "p@10"], all.Keys.ToArray());
        Assert.Equal(RetrievalMetrics.Names, all.Keys.ToArray());
        Assert.Equal(0.3, all["p@10"], 12);
        Assert.Equal(1.0, all["recall@10"], 12);
        Assert.Equal(1.0, all["mrr@10"], 12);
        Assert.Equal(0.755556, all["map@100"], 6);
        Assert.Equal(0.687485, all["ndcg@10"], 6);
    }

    [Fact]
    public void K_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.PrecisionAt(Ranking, Qrels, 0));
    }
}
