using Docent.Documents;

namespace Docent.Chunking;

/// <summary>
/// Packs a document's blocks into chunks. The normalised text of a document is defined as the texts of
/// its blocks joined by "\n\n"; every chunk's span points into it. Streams: holds at most one section's
/// pending text in memory. Thread-safe (stateless).
/// </summary>
public interface IChunker
{
    /// <summary>Chunks <paramref name="blocks"/> of document <paramref name="documentId"/>.</summary>
    IAsyncEnumerable<Chunk> ChunkAsync(
        string documentId,
        IAsyncEnumerable<DocumentBlock> blocks,
        ChunkerOptions? options = null,
        CancellationToken cancellationToken = default);
}
