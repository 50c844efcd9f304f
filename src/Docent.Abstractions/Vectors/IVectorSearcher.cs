using Docent.Retrieval;

namespace Docent.Vectors;

/// <summary>
/// The search side of a vector index: nearest-neighbour search over fixed-dimension vectors keyed by chunk key.
/// What retrievers depend on. Implementations allow many concurrent searches alongside one writer's exclusion
/// (see <see cref="IVectorIndex"/>).
/// </summary>
public interface IVectorSearcher
{
    /// <summary>Number of components of every vector.</summary>
    int Dimension { get; }

    /// <summary>How vectors are compared.</summary>
    VectorMetric Metric { get; }

    /// <summary>The embedding model the vectors came from (written in the file header).</summary>
    string ModelId { get; }

    /// <summary>Number of live vectors.</summary>
    int Count { get; }

    /// <summary>
    /// The <see cref="VectorSearchOptions.Top"/> closest keys to <paramref name="query"/>, closest first (score:
    /// similarity). <paramref name="cancellationToken"/> is checked as the search goes (per block of rows or of
    /// explored candidates), so a long search stops with <see cref="OperationCanceledException"/>.
    /// </summary>
    IReadOnlyList<ScoredKey> Search(ReadOnlySpan<float> query, VectorSearchOptions? options = null, CancellationToken cancellationToken = default);
}
