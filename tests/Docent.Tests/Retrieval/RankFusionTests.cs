using Docent.Retrieval;

namespace Docent.Tests.Retrieval;

/// <summary>Reciprocal rank and min-max fusion against hand-computed values.</summary>
public sealed class RankFusionTests
{
    private static readonly ScoredKey[] Lexical = [new(1, 12.0), new(2, 8.0), new(3, 4.0)];
    private static readonly ScoredKey[] Vector = [new(3, 0.9), new(4, 0.8), new(1, 0.5)];

    [Fact]
    public void ReciprocalRank_SumsOneOverKPlusRank()
    {
        var fused = RankFusion.ReciprocalRank([Lexical, Vector]);

        // 2 and 4 are both second in one ranking: equal scores, so key order decides.
        Assert.Equal([1L, 3L, 2L, 4L], fused.Select(h => h.Key));
        Assert.Equal((1.0 / 61) + (1.0 / 63), fused[0].Score, 12);
        Assert.Equal((1.0 / 63) + (1.0 / 61), fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
    }

    [Fact]
    public void MinMax_NormalisesEachRanking_ThenWeighs()
    {
        var fused = RankFusion.MinMax([Lexical, Vector], [0.5, 0.5]);

        // lexical: 1 → 1, 2 → 0.5, 3 → 0; vector: 3 → 1, 4 → 0.75, 1 → 0.
        var scores = fused.ToDictionary(h => h.Key, h => h.Score);
        Assert.Equal(0.5, scores[1], 12);
        Assert.Equal(0.25, scores[2], 12);
        Assert.Equal(0.5, scores[3], 12);
        Assert.Equal(0.375, scores[4], 12);
        Assert.Equal([1L, 3L, 4L, 2L], fused.Select(h => h.Key)); // ties broken by key
    }

    [Fact]
    public void MinMax_WeightZero_IgnoresThatSide_AndEqualScoresCountAsOne()
    {
        var onlyLexical = RankFusion.MinMax([Lexical, Vector], [1, 0]);
        var flat = RankFusion.MinMax([[new ScoredKey(7, 3), new ScoredKey(8, 3)]], [1]);

        Assert.Equal([1L, 2L], onlyLexical.Take(2).Select(h => h.Key));
        Assert.All(flat, h => Assert.Equal(1.0, h.Score));
    }
}
