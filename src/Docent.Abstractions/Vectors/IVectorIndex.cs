using Docent.Retrieval;

namespace Docent.Vectors;

/// <summary>
/// Nearest-neighbour search over fixed-dimension vectors keyed by chunk key. Implementations allow many
/// concurrent readers or one writer; callers serialise writes. Persisted with a versioned header that names
/// the dimension, metric and embedding model, so vectors of two models never mix.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Number of components of every vector.</summary>
    int Dimension { get; }

    /// <summary>How vectors are compared.</summary>
    VectorMetric Metric { get; }

    /// <summary>The embedding model the vectors came from (written in the file header).</summary>
    string ModelId { get; }

    /// <summary>Number of live vectors.</summary>
    int Count { get; }

    /// <summary>The sequence number of the last store change applied to this index.</summary>
    long Watermark { get; set; }

    /// <summary>Adds the vector, replacing any earlier one with the same key.</summary>
    void Upsert(long key, ReadOnlySpan<float> vector);

    /// <summary>Removes the vector; returns false when it was not present.</summary>
    bool Remove(long key);

    /// <summary>Whether the key is present.</summary>
    bool Contains(long key);

    /// <summary>The <paramref name="top"/> closest keys to <paramref name="query"/>, closest first (score: similarity).</summary>
    IReadOnlyList<ScoredKey> Search(ReadOnlySpan<float> query, int top, VectorSearchOptions? options = null);

    /// <summary>Writes the index to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    Task SaveAsync(string path, CancellationToken cancellationToken = default);
}
