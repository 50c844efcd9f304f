using Docent.Evaluation;

namespace Docent.Tests.Evaluation;

public sealed class BootstrapTests
{
    // 100 binary outcomes, half of them 1: mean 0.5, standard error sqrt(0.25/100) = 0.05,
    // so a 95% interval is about 0.5 ± 1.96 × 0.05 = [0.402, 0.598].
    private static readonly double[] Coin = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? 1.0 : 0.0).ToArray();

    [Fact]
    public void Constant_values_give_a_zero_width_interval()
    {
        Assert.Equal((0.25, 0.25), Bootstrap.ConfidenceInterval([0.25, 0.25, 0.25]));
    }

    [Fact]
    public void Interval_matches_the_normal_approximation_for_a_coin()
    {
        var (low, high) = Bootstrap.ConfidenceInterval(Coin);
        Assert.InRange(low, 0.38, 0.43);
        Assert.InRange(high, 0.57, 0.62);
    }

    [Fact]
    public void Same_seed_same_interval_and_higher_level_is_wider()
    {
        Assert.Equal(Bootstrap.ConfidenceInterval(Coin), Bootstrap.ConfidenceInterval(Coin));
        var narrow = Bootstrap.ConfidenceInterval(Coin, level: 0.80);
        var wide = Bootstrap.ConfidenceInterval(Coin, level: 0.99);
        Assert.True(wide.Low < narrow.Low && wide.High > narrow.High);
    }

    [Fact]
    public void Summarise_reports_the_mean_inside_its_interval()
    {
        double[] values = [0.1, 0.9, 0.4, 0.6, 0.5, 0.0, 1.0];
        var metric = Bootstrap.Summarise("ndcg@10", values);
        Assert.Equal("ndcg@10", metric.Name);
        Assert.Equal(3.5 / 7, metric.Mean, 12);
        Assert.True(metric.Low < metric.Mean && metric.Mean < metric.High);
        Assert.True(metric.Low >= 0.0 && metric.High <= 1.0);
        Assert.Equal(new MetricValue("x", 0, 0, 0), Bootstrap.Summarise("x", []));
    }

    [Fact]
    public void Level_must_be_a_fraction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Bootstrap.ConfidenceInterval(Coin, level: 95));
    }
}
