using Docent.Vectors;

namespace Docent.Benchmarks.Vectors;

/// <summary>Recall and single-thread speed of one HNSW index at one search breadth. Immutable.</summary>
/// <param name="SearchBreadth">ef.</param>
/// <param name="RecallAt10">Mean fraction of the exact top 10 found in the approximate top 10.</param>
/// <param name="QueriesPerSecond">Queries per second on one thread (the best of the timed rounds).</param>
/// <param name="QueriesTimed">Queries run inside the timed rounds.</param>
public sealed record VectorBenchmarkPoint(int SearchBreadth, double RecallAt10, double QueriesPerSecond, int QueriesTimed);
