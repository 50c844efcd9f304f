using Docent.Retrieval;
using Docent.Storage;
using Docent.Vectors;

namespace Docent.Indexing;

/// <summary>
/// The vector index a data folder serves, with the sequence number of the last store change applied to it (its
/// watermark), behind one reference that <see cref="StoreIndexes"/> replaces when it loads a newer index another
/// process saved (see <see cref="LiveLexicalIndex"/>). Thread-safe as the current index is; swapping the index and
/// its watermark is one atomic step.
/// </summary>
public sealed class LiveVectorIndex : IVectorSearcher
{
    private IndexAtWatermark<IVectorIndex> _tracked;

    /// <summary>Serves <paramref name="initial"/>, which holds the store's changes through <paramref name="watermark"/>, until it is replaced.</summary>
    public LiveVectorIndex(IVectorIndex initial, long watermark = 0)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _tracked = new IndexAtWatermark<IVectorIndex>(initial, watermark);
    }

    /// <summary>The index served now.</summary>
    public IVectorIndex Current => Volatile.Read(ref _tracked).Index;

    /// <summary>The sequence number of the last store change applied to <see cref="Current"/>.</summary>
    public long Watermark
    {
        get => Volatile.Read(ref _tracked).Watermark;
        internal set => Volatile.Read(ref _tracked).Watermark = value;
    }

    /// <inheritdoc />
    public int Dimension => Current.Dimension;

    /// <inheritdoc />
    public VectorMetric Metric => Current.Metric;

    /// <inheritdoc />
    public string ModelId => Current.ModelId;

    /// <inheritdoc />
    public int Count => Current.Count;

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(ReadOnlySpan<float> query, VectorSearchOptions? options = null, CancellationToken cancellationToken = default) =>
        Current.Search(query, options, cancellationToken);

    /// <summary>Serves <paramref name="index"/>, which holds the store's changes through <paramref name="watermark"/>, from now on.</summary>
    internal void Replace(IVectorIndex index, long watermark)
    {
        ArgumentNullException.ThrowIfNull(index);
        Volatile.Write(ref _tracked, new IndexAtWatermark<IVectorIndex>(index, watermark));
    }
}
