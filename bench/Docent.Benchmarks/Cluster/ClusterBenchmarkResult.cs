using Docent.Benchmarks.Lexical;

namespace Docent.Benchmarks.Cluster;

/// <summary>What <see cref="ClusterScaleBenchmark"/> measured, per cluster size, with the settings that ran. Immutable.</summary>
/// <param name="Documents">Documents ingested.</param>
/// <param name="Chunks">Chunks they made.</param>
/// <param name="Shards">Shards of the collection.</param>
/// <param name="Requests">Timed search requests per run.</param>
/// <param name="Concurrency">Requests in flight.</param>
/// <param name="Rounds">Rounds run.</param>
/// <param name="ProcessorCount">Logical processors of the machine (every silo and the load generator share them).</param>
/// <param name="Command">A silo's command line, as run.</param>
/// <param name="Sizes">One entry per cluster size.</param>
public sealed record ClusterBenchmarkResult(
    int Documents, long Chunks, int Shards, int Requests, int Concurrency, int Rounds, int ProcessorCount, string Command, IReadOnlyList<ClusterSizeResult> Sizes);

/// <summary>The figures of one cluster size: medians over rounds with the lowest and highest round. Immutable.</summary>
/// <param name="Silos">Silos (separate processes); 0 for the embedded baseline (one `docent serve`, one data folder, no cluster).</param>
/// <param name="IngestDocumentsPerSecond">Documents ingested a second, uploads spread over the silos.</param>
/// <param name="QueriesPerSecond">Search requests answered a second under the concurrent load.</param>
/// <param name="P50Milliseconds">Median request latency.</param>
/// <param name="P99Milliseconds">99th-percentile request latency.</param>
/// <param name="ResidentMegabytesPerSilo">Resident memory of a silo process after the load (mean over silos).</param>
/// <param name="ShardDiskMegabytes">Disk held by one shard (store, lexical index), mean over shards; the baseline's whole folder.</param>
/// <param name="PartialAnswers">Requests that failed (a shard did not answer) over all rounds.</param>
public sealed record ClusterSizeResult(
    int Silos, LexicalSpread IngestDocumentsPerSecond, LexicalSpread QueriesPerSecond, LexicalSpread P50Milliseconds, LexicalSpread P99Milliseconds,
    LexicalSpread ResidentMegabytesPerSilo, LexicalSpread ShardDiskMegabytes, int PartialAnswers);
