namespace Docent.Vectors;

/// <summary>
/// Bytes a vector index holds in managed memory, by part (allocated array lengths, not just the used prefix).
/// Immutable.
/// </summary>
/// <param name="FloatVectorBytes">Float32 vectors held in memory (0 when they are read from a memory-mapped file).</param>
/// <param name="MappedFloatVectorBytes">Float32 vectors read through a memory-mapped file instead (page cache, not heap).</param>
/// <param name="QuantizedVectorBytes">Int8 codes and quantiser parameters (0 without quantisation).</param>
/// <param name="GraphBytes">Neighbour lists of every level and per-node levels.</param>
/// <param name="KeyBytes">Chunk keys, the key-to-node map (estimated) and tombstones.</param>
public readonly record struct VectorIndexMemory(
    long FloatVectorBytes, long MappedFloatVectorBytes, long QuantizedVectorBytes, long GraphBytes, long KeyBytes)
{
    /// <summary>Sum of the in-memory parts (mapped bytes excluded).</summary>
    public long TotalBytes => FloatVectorBytes + QuantizedVectorBytes + GraphBytes + KeyBytes;
}
