namespace Docent.Evaluation;

/// <summary>
/// Two-sided paired randomization (sign-flip) test of the mean per-query difference between two systems, as
/// recommended for IR evaluation by Smucker, Allan &amp; Carterette (CIKM 2007): under the null hypothesis each
/// query's difference is equally likely to have either sign. Returns (count + 1) / (permutations + 1) so p is never 0.
/// A fixed seed makes it deterministic. Hand-written: a few lines, and no statistics package is in our dependency set.
/// Stateless and thread-safe.
/// </summary>
public static class PairedTest
{
    /// <summary>The two-sided p-value in (0, 1] that systems <paramref name="a"/> and <paramref name="b"/> (same queries, same order) differ in mean.</summary>
    public static double RandomizationPValue(IReadOnlyList<double> a, IReadOnlyList<double> b, int permutations = 10000, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Paired lists must have the same length ({a.Count} vs {b.Count}).", nameof(b));
        }

        var n = a.Count;
        if (n == 0)
        {
            return 1.0;
        }

        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            differences[i] = a[i] - b[i];
        }

        var observed = Math.Abs(differences.Sum());
        // Sums, not means (same ordering); the tolerance keeps ties from floating-point noise counting as "more extreme".
        var tolerance = 1e-12 * Math.Max(1.0, observed);
        var random = new Random(seed);
        var atLeastAsExtreme = 0;
        for (var p = 0; p < permutations; p++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += random.Next(2) == 0 ? differences[i] : -differences[i];
            }

            if (Math.Abs(sum) >= observed - tolerance)
            {
                atLeastAsExtreme++;
            }
        }

        return (atLeastAsExtreme + 1.0) / (permutations + 1.0);
    }
}
