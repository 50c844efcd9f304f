namespace Docent.Benchmarks.Vectors;

/// <summary>
/// Settings of <see cref="VectorQueryBenchmark"/>: a saved index, the data folder it was built from, and an optional
/// native peer to interleave with. Plain options; call <see cref="Validate"/> before use.
/// </summary>
public sealed class VectorQueryBenchmarkOptions
{
    /// <summary>The saved HNSW index (a file `docent bench vectors --save-index` wrote).</summary>
    public string IndexPath { get; set; } = "";

    /// <summary>The folder `docent bench vectors --save-data` wrote (queries.f32 and truth.i64 are read).</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The search breadths (ef) to measure.</summary>
    public IReadOnlyList<int> SearchBreadths { get; set; } = [16, 32, 64];

    /// <summary>Timed rounds per engine and breadth; with a peer, Docent and the peer alternate round by round.</summary>
    public int Rounds { get; set; } = 7;

    /// <summary>Queries per timed round (cycling through the query set; both engines get the same queries).</summary>
    public int RoundQueries { get; set; } = 5000;

    /// <summary>
    /// A program that answers the serve protocol of bench/vectors/hnswlib_bench.cpp on stdin/stdout ("recall EF",
    /// "time EF N", "quit"), as its path and arguments; null to time Docent alone.
    /// </summary>
    public IReadOnlyList<string>? Peer { get; set; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(IndexPath, nameof(IndexPath));
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory, nameof(DataDirectory));
        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(RoundQueries, 1, nameof(RoundQueries));
        if (SearchBreadths is null || SearchBreadths.Count == 0 || SearchBreadths.Any(ef => ef is < 1 or > 100_000))
        {
            throw new ArgumentOutOfRangeException(nameof(SearchBreadths), "Give at least one search breadth between 1 and 100000.");
        }

        if (Peer is { Count: 0 })
        {
            throw new ArgumentException("The peer command is empty.", nameof(Peer));
        }
    }
}
