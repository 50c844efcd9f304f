namespace Docent.Vectors;

/// <summary>
/// A vector index with its maintenance side: adding, removing and saving vectors (what the store synchroniser
/// needs); searching is <see cref="IVectorSearcher"/>. Implementations allow many concurrent readers or one
/// writer; callers serialise writes. Persisted with a versioned header that names the dimension, metric and
/// embedding model, so vectors of two models never mix.
/// </summary>
public interface IVectorIndex : IVectorSearcher
{
    /// <summary>Adds the vector, replacing any earlier one with the same key.</summary>
    void Upsert(long key, ReadOnlySpan<float> vector);

    /// <summary>Removes the vector; returns false when it was not present.</summary>
    bool Remove(long key);

    /// <summary>Whether the key is present.</summary>
    bool Contains(long key);

    /// <summary>
    /// Writes the index to <paramref name="path"/> atomically (temporary file, then rename), recording
    /// <paramref name="watermark"/> — the caller's sequence number of the last store change the index contains —
    /// in the file header, where loading returns it.
    /// </summary>
    Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default);
}
