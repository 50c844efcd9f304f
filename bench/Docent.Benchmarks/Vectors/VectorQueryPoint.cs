namespace Docent.Benchmarks.Vectors;

/// <summary>
/// One search breadth of <see cref="VectorQueryBenchmark"/>: recall@10 and the queries per second of each timed
/// round, Docent's and (when a peer ran) the peer's, in the order they ran. Immutable.
/// </summary>
public sealed record VectorQueryPoint(int SearchBreadth, double RecallAt10, IReadOnlyList<double> Qps, double? PeerRecallAt10, IReadOnlyList<double> PeerQps)
{
    /// <summary>The median of Docent's rounds.</summary>
    public double MedianQps => Median(Qps);

    /// <summary>The median of the peer's rounds (0 without a peer).</summary>
    public double PeerMedianQps => PeerQps.Count == 0 ? 0 : Median(PeerQps);

    /// <summary>Docent's q/s over the peer's, round by round (each pair ran back to back).</summary>
    public IReadOnlyList<double> Ratios => PeerQps.Count == 0 ? [] : Qps.Zip(PeerQps, (ours, theirs) => ours / theirs).ToList();

    /// <summary>The median of <see cref="Ratios"/> (0 without a peer).</summary>
    public double MedianRatio => PeerQps.Count == 0 ? 0 : Median(Ratios);

    /// <summary>The median of a non-empty list.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
