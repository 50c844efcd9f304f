using Docent.Vectors;

namespace Docent.Benchmarks.Vectors;

/// <summary>One HNSW index built and measured by <see cref="VectorIndexBenchmark"/>. Immutable.</summary>
/// <param name="Quantization">How traversal vectors were stored.</param>
/// <param name="BuildSeconds">Wall time of inserting every vector.</param>
/// <param name="Memory">Bytes held after the build.</param>
/// <param name="Points">One measurement per search breadth.</param>
/// <param name="Reloaded">Whether the index was measured after a save and a load (int8: float32 vectors memory-mapped).</param>
public sealed record VectorBenchmarkRun(
    VectorQuantization Quantization, double BuildSeconds, VectorIndexMemory Memory, IReadOnlyList<VectorBenchmarkPoint> Points, bool Reloaded);
