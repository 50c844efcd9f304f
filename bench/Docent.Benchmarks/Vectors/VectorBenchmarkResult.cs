using Docent.Vectors;

namespace Docent.Benchmarks.Vectors;

/// <summary>What <see cref="VectorIndexBenchmark"/> measured. Immutable.</summary>
/// <param name="Clusters">Mixture components of the generated data.</param>
/// <param name="GenerateSeconds">Time to generate data and queries.</param>
/// <param name="GroundTruthSeconds">Time of the exact top 10 of every query (blocked batch search on the configured threads).</param>
/// <param name="FlatQueriesPerSecond">Exact (flat) search queries per second on one thread (the best of the timed rounds).</param>
/// <param name="FlatQueriesTimed">Queries run inside the flat timing.</param>
/// <param name="FlatMemory">Bytes the flat index holds.</param>
/// <param name="Runs">One entry per HNSW variant.</param>
public sealed record VectorBenchmarkResult(
    int Clusters, double GenerateSeconds, double GroundTruthSeconds, double FlatQueriesPerSecond, int FlatQueriesTimed,
    VectorIndexMemory FlatMemory, IReadOnlyList<VectorBenchmarkRun> Runs);
