namespace Docent.Benchmarks.Embeddings;

/// <summary>One timed round of one embedding model: passage throughput and single-query latency. Immutable.</summary>
/// <param name="Model">What was measured (the setting's value, for example "builtin:minilm").</param>
/// <param name="ChunksPerSecond">Passages embedded per second, in batches, after a warm-up batch.</param>
/// <param name="TokensPerChunk">Mean input tokens per passage the model reported (after its own truncation).</param>
/// <param name="QueryP50Milliseconds">Median latency of one warm single-query call.</param>
/// <param name="QueryP95Milliseconds">95th percentile of the same.</param>
public sealed record EmbeddingMeasurement(string Model, double ChunksPerSecond, double TokensPerChunk, double QueryP50Milliseconds, double QueryP95Milliseconds);
