namespace Docent.Benchmarks.Cluster;

/// <summary>Settings of <see cref="ClusterScaleBenchmark"/>. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class ClusterBenchmarkOptions
{
    /// <summary>
    /// The cluster sizes measured, each in every round (interleaved: 0, 1, 2, 4, 0, 1, …); 0 is the embedded baseline, a
    /// plain `docent serve` of one data folder.
    /// </summary>
    public IReadOnlyList<int> Silos { get; set; } = [0, 1, 2, 4];

    /// <summary>Rounds; each starts every cluster size afresh.</summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Shards of the collection (the same for every cluster size, so only the silos change).</summary>
    public int Shards { get; set; } = 8;

    /// <summary>Synthetic documents ingested (Zipf words, 50–250 each: one or two chunks).</summary>
    public int Documents { get; set; } = 20_000;

    /// <summary>Distinct queries; the timed requests cycle through them.</summary>
    public int Queries { get; set; } = 200;

    /// <summary>Timed search requests per cluster size and round.</summary>
    public int Requests { get; set; } = 2_000;

    /// <summary>Requests in flight at once (the concurrent load), spread over the silos.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Seed of the documents and queries.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Where the documents, data folders and shards are written; a new temporary folder (removed after) when null.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>The first silo port; silo i listens on it + i (gateways on 30100 + i, HTTP on 5300 + i).</summary>
    public int FirstSiloPort { get; set; } = 21111;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Silos.Count == 0 || Silos.Any(s => s is < 0 or > 16))
        {
            throw new ArgumentException("Silos must list cluster sizes between 0 (the embedded baseline) and 16.", nameof(Silos));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1, nameof(Rounds));
        ArgumentOutOfRangeException.ThrowIfLessThan(Shards, 1, nameof(Shards));
        ArgumentOutOfRangeException.ThrowIfLessThan(Documents, 1, nameof(Documents));
        ArgumentOutOfRangeException.ThrowIfLessThan(Queries, 1, nameof(Queries));
        ArgumentOutOfRangeException.ThrowIfLessThan(Requests, 1, nameof(Requests));
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1, nameof(Concurrency));
    }
}
