using Docent.Retrieval;
using Docent.Storage;
using Docent.Vectors;

namespace Docent.Indexing;

/// <summary>
/// The vector index a data folder serves, behind one reference that <see cref="StoreIndexes"/> replaces when it
/// loads a newer index another process saved (see <see cref="LiveLexicalIndex"/>). Thread-safe as the current
/// index is; swapping is atomic.
/// </summary>
public sealed class LiveVectorIndex : IVectorIndex
{
    private IVectorIndex _current;

    /// <summary>Serves <paramref name="initial"/> until it is replaced.</summary>
    public LiveVectorIndex(IVectorIndex initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The index served now.</summary>
    public IVectorIndex Current
    {
        get => Volatile.Read(ref _current);
        internal set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _current, value);
        }
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
    public long Watermark
    {
        get => Current.Watermark;
        set => Current.Watermark = value;
    }

    /// <inheritdoc />
    public void Upsert(long key, ReadOnlySpan<float> vector) => Current.Upsert(key, vector);

    /// <inheritdoc />
    public bool Remove(long key) => Current.Remove(key);

    /// <inheritdoc />
    public bool Contains(long key) => Current.Contains(key);

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(ReadOnlySpan<float> query, int top, VectorSearchOptions? options = null) =>
        Current.Search(query, top, options);

    /// <inheritdoc />
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => Current.SaveAsync(path, cancellationToken);
}
