namespace Docent.Evaluation;

/// <summary>
/// Percentile-bootstrap confidence intervals for a mean over queries (Efron &amp; Tibshirani 1993, ch. 13): resample
/// the per-query values with replacement, take each resample's mean, and read the interval off the sorted means
/// (linear interpolation between order statistics, as numpy's default percentile). A fixed seed makes it
/// deterministic. Hand-written: a few lines, and no statistics package is in our dependency set. Stateless, thread-safe.
/// </summary>
public static class Bootstrap
{
    /// <summary>The percentile-bootstrap interval of the mean at <paramref name="level"/>; (0, 0) for no values.</summary>
    public static (double Low, double High) ConfidenceInterval(IReadOnlyList<double> perQueryValues, int resamples = 2000, int seed = 17, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(perQueryValues);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        }

        var n = perQueryValues.Count;
        if (n == 0)
        {
            return (0.0, 0.0);
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += perQueryValues[random.Next(n)];
            }

            means[r] = sum / n;
        }

        Array.Sort(means);
        var tail = (1 - level) / 2;
        return (Percentile(means, tail), Percentile(means, 1 - tail));
    }

    /// <summary>The mean of <paramref name="values"/> with its 95% bootstrap interval; all zero for no values.</summary>
    public static MetricValue Summarise(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new MetricValue(name, 0.0, 0.0, 0.0);
        }

        var (low, high) = ConfidenceInterval(values);
        return new MetricValue(name, values.Average(), low, high);
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
