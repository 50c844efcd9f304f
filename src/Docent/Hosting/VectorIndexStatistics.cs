namespace Docent.Hosting;

/// <summary>The vector index part of <see cref="DataFolderStatistics"/>. Immutable.</summary>
/// <param name="ModelId">The embedding model the vectors came from.</param>
/// <param name="Dimension">Components per vector.</param>
/// <param name="Count">Vectors in the index.</param>
/// <param name="FileBytes">Size of the saved index file (0 before the first save).</param>
/// <param name="Pending">Chunks of the lexical index not embedded yet (found by lexical search only until the next ingest embeds them).</param>
public sealed record VectorIndexStatistics(string ModelId, int Dimension, int Count, long FileBytes, int Pending = 0)
{
    /// <summary>The share of chunks with a vector, 0–1 (1 for an empty folder).</summary>
    public double Coverage => Count + Pending == 0 ? 1 : (double)Count / (Count + Pending);
}
