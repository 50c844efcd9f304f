using Docent.Evaluation;

namespace Docent.Tests.Evaluation;

public sealed class PairedTestTests
{
    [Fact]
    public void Identical_systems_give_p_of_one()
    {
        double[] scores = [0.2, 0.5, 0.9, 0.0];
        Assert.Equal(1.0, PairedTest.RandomizationPValue(scores, scores));
    }

    [Fact]
    public void A_large_consistent_difference_is_significant()
    {
        // 30 queries all +0.3: only the two all-same-sign flips (chance 2/2^30) are as extreme, so p = 1/10001.
        var b = Enumerable.Range(0, 30).Select(i => i / 60.0).ToArray();
        var a = b.Select(x => x + 0.3).ToArray();
        var p = PairedTest.RandomizationPValue(a, b);
        Assert.True(p < 0.01);
        Assert.Equal(1.0 / 10001, p, 12);
    }

    [Fact]
    public void P_value_approximates_the_exact_sign_flip_distribution()
    {
        // Differences +1, +1, +1, -1: observed |sum| = 2. Of the 16 sign patterns, |sum| >= 2 unless two are
        // positive (6 patterns), so the exact p is 10/16 = 0.625.
        double[] a = [1, 1, 1, 0];
        double[] b = [0, 0, 0, 1];
        Assert.InRange(PairedTest.RandomizationPValue(a, b), 0.60, 0.65);
    }

    [Fact]
    public void Test_is_symmetric_and_deterministic()
    {
        double[] a = [0.3, 0.7, 0.1, 0.9, 0.4, 0.6];
        double[] b = [0.2, 0.5, 0.3, 0.8, 0.1, 0.6];
        var p = PairedTest.RandomizationPValue(a, b);
        Assert.Equal(p, PairedTest.RandomizationPValue(b, a));
        Assert.Equal(p, PairedTest.RandomizationPValue(a, b));
        Assert.InRange(p, 1.0 / 10001, 1.0);
    }

    [Fact]
    public void Lists_must_pair_up()
    {
        Assert.Throws<ArgumentException>(() => PairedTest.RandomizationPValue([1.0, 2.0], [1.0]));
    }
}
