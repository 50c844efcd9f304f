namespace Docent.Models;

/// <summary>
/// Stored embeddings keyed by (model id, content hash), so a text is embedded once per model: re-ingesting a
/// changed document re-embeds only its changed chunks, and switching models never mixes vectors. Thread-safe.
/// </summary>
public interface IEmbeddingCache
{
    /// <summary>The stored vector of each hash (null where none is stored), in the order given.</summary>
    Task<float[]?[]> GetManyAsync(string modelId, IReadOnlyList<byte[]> contentHashes, CancellationToken cancellationToken = default);

    /// <summary>Stores vectors (replacing any with the same key) in one transaction.</summary>
    Task PutManyAsync(string modelId, IReadOnlyList<(byte[] ContentHash, float[] Vector)> entries, CancellationToken cancellationToken = default);
}
