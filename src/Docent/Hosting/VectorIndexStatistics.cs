namespace Docent.Hosting;

/// <summary>The vector index part of <see cref="DataFolderStatistics"/>. Immutable.</summary>
/// <param name="ModelId">The embedding model the vectors came from.</param>
/// <param name="Dimension">Components per vector.</param>
/// <param name="Count">Vectors in the index.</param>
/// <param name="FileBytes">Size of the saved index file (0 before the first save).</param>
public sealed record VectorIndexStatistics(string ModelId, int Dimension, int Count, long FileBytes);
