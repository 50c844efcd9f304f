namespace Docent.Benchmarks.Lexical;

/// <summary>One figure measured in every round: the median over rounds and the lowest and highest round. Immutable.</summary>
/// <param name="Median">The median over rounds.</param>
/// <param name="Lowest">The lowest round.</param>
/// <param name="Highest">The highest round.</param>
public sealed record LexicalSpread(double Median, double Lowest, double Highest)
{
    /// <summary>The spread of <paramref name="values"/> (at least one).</summary>
    public static LexicalSpread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("A spread needs at least one value.", nameof(values));
        }

        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return new LexicalSpread(median, sorted[0], sorted[^1]);
    }
}
