using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Indexing;

/// <summary>
/// The lexical index a data folder serves, with the sequence number of the last store change applied to it (its
/// watermark), behind one reference that <see cref="StoreIndexes"/> replaces when it loads a newer index another
/// process saved. Retrievers hold this object, so they search the newest index without being rebuilt; a search
/// already running finishes on the index it started with (the old one is not disposed). The synchronizer writes
/// through <see cref="Current"/> and advances <see cref="Watermark"/>. Thread-safe as the current index is;
/// swapping the index and its watermark is one atomic step.
/// </summary>
public sealed class LiveLexicalIndex : ILexicalSearcher
{
    private IndexAtWatermark<ILexicalIndex> _tracked;

    /// <summary>Serves <paramref name="initial"/>, which holds the store's changes through <paramref name="watermark"/>, until it is replaced.</summary>
    public LiveLexicalIndex(ILexicalIndex initial, long watermark = 0)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _tracked = new IndexAtWatermark<ILexicalIndex>(initial, watermark);
    }

    /// <summary>The index served now.</summary>
    public ILexicalIndex Current => Volatile.Read(ref _tracked).Index;

    /// <summary>The sequence number of the last store change applied to <see cref="Current"/>.</summary>
    public long Watermark
    {
        get => Volatile.Read(ref _tracked).Watermark;
        internal set => Volatile.Read(ref _tracked).Watermark = value;
    }

    /// <inheritdoc />
    public int Count => Current.Count;

    /// <inheritdoc />
    public IReadOnlyList<string> Languages => Current.Languages;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, int> LanguageCounts => Current.LanguageCounts;

    /// <inheritdoc />
    public LexicalStatistics GetStatistics(IReadOnlyList<string> terms) => Current.GetStatistics(terms);

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) =>
        Current.Search(query, options, cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default) =>
        Current.Search(terms, options, cancellationToken);

    /// <summary>Serves <paramref name="index"/>, which holds the store's changes through <paramref name="watermark"/>, from now on.</summary>
    internal void Replace(ILexicalIndex index, long watermark)
    {
        ArgumentNullException.ThrowIfNull(index);
        Volatile.Write(ref _tracked, new IndexAtWatermark<ILexicalIndex>(index, watermark));
    }
}
