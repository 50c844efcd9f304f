using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Indexing;

/// <summary>
/// The lexical index a data folder serves, behind one reference that <see cref="StoreIndexes"/> replaces when it
/// loads a newer index another process saved. Retrievers hold this object, so they search the newest index without
/// being rebuilt; a search already running finishes on the index it started with (the old one is not disposed).
/// Thread-safe as the current index is; swapping is atomic.
/// </summary>
public sealed class LiveLexicalIndex : ILexicalIndex
{
    private ILexicalIndex _current;

    /// <summary>Serves <paramref name="initial"/> until it is replaced.</summary>
    public LiveLexicalIndex(ILexicalIndex initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The index served now.</summary>
    public ILexicalIndex Current
    {
        get => Volatile.Read(ref _current);
        internal set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _current, value);
        }
    }

    /// <inheritdoc />
    public int Count => Current.Count;

    /// <inheritdoc />
    public long Watermark
    {
        get => Current.Watermark;
        set => Current.Watermark = value;
    }

    /// <inheritdoc />
    public void Upsert(LexicalDocument document) => Current.Upsert(document);

    /// <inheritdoc />
    public bool Remove(long key) => Current.Remove(key);

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(string query, int top, CancellationToken cancellationToken = default) =>
        Current.Search(query, top, cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, int top, CancellationToken cancellationToken = default) =>
        Current.Search(terms, top, cancellationToken);

    /// <inheritdoc />
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => Current.SaveAsync(path, cancellationToken);
}
