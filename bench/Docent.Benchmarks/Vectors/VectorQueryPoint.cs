namespace Docent.Benchmarks.Vectors;

/// <summary>
/// One search breadth of <see cref="VectorQueryBenchmark"/>: recall@10 and the queries per second of each timed
/// round, Docent's and (when a peer ran) the peer's, in the order they ran; by wall clock and by the timing
/// thread's CPU time (q/s per CPU second: what a busy machine's other processes do not slow down). Immutable.
/// </summary>
public sealed record VectorQueryPoint(
    int SearchBreadth, double RecallAt10, IReadOnlyList<double> Qps, IReadOnlyList<double> CpuQps,
    double? PeerRecallAt10, IReadOnlyList<double> PeerQps, IReadOnlyList<double> PeerCpuQps)
{
    /// <summary>Whether a peer ran.</summary>
    public bool HasPeer => PeerQps.Count > 0;

    /// <summary>Docent's wall-clock q/s over the peer's, pair by pair (each pair ran back to back).</summary>
    public IReadOnlyList<double> Ratios => Divide(Qps, PeerQps);

    /// <summary>Docent's CPU-time q/s over the peer's, pair by pair.</summary>
    public IReadOnlyList<double> CpuRatios => Divide(CpuQps, PeerCpuQps);

    /// <summary>The median of a list (0 when empty).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static List<double> Divide(IReadOnlyList<double> ours, IReadOnlyList<double> theirs) => ours.Zip(theirs, (x, y) => x / y).ToList();
}
