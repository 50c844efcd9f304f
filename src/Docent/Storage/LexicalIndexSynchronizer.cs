using Docent.Retrieval;

namespace Docent.Storage;

/// <summary>
/// Keeps a lexical index in step with the store. The index file beside the database records the last
/// change-log entry it contains (its watermark); opening loads that file, or rebuilds the index from the
/// chunks when the file is missing, corrupt or built differently, then replays the changes after the
/// watermark. A crash between a store commit and an index save therefore loses nothing; a file older than
/// the retained log, or from another store, is rebuilt. Thread-safe for
/// distinct indexes; one index must not be caught up from two threads at once.
/// </summary>
public sealed class LexicalIndexSynchronizer
{
    /// <summary>File name of the index inside the data folder.</summary>
    public const string IndexFileName = "lexical.idx";

    private readonly SqliteDocumentStore _store;
    private readonly Func<ILexicalIndex> _create;
    private readonly Func<string, ILexicalIndex?> _load;

    /// <summary>Creates a synchroniser for <paramref name="store"/>; <paramref name="load"/> returns null for an unusable file.</summary>
    public LexicalIndexSynchronizer(SqliteDocumentStore store, Func<ILexicalIndex> create, Func<string, ILexicalIndex?> load)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(load);
        _store = store;
        _create = create;
        _load = load;
    }

    /// <summary>The index file's path.</summary>
    public string IndexPath => Path.Combine(_store.DataDirectory, IndexFileName);

    /// <summary>Loads (or rebuilds) the index and brings it up to date with the store.</summary>
    public async Task<ILexicalIndex> OpenAsync(CancellationToken cancellationToken = default)
    {
        var index = _load(IndexPath);
        var (trimmedThrough, last) = await _store.GetChangeLogRangeAsync(cancellationToken).ConfigureAwait(false);
        if (index is not null && (index.Watermark < trimmedThrough || index.Watermark > last))
        {
            // The file predates changes the log no longer holds (an old copy), or comes from another store.
            (index as IDisposable)?.Dispose();
            index = null;
        }

        if (index is null)
        {
            index = _create();
            long snapshot = 0;
            await foreach (var document in _store.ReadAllForIndexAsync(seq => snapshot = seq, cancellationToken).ConfigureAwait(false))
            {
                index.Upsert(document);
            }

            index.Watermark = snapshot;
        }

        await CatchUpAsync(index, cancellationToken).ConfigureAwait(false);
        return index;
    }

    /// <summary>Applies the store's changes after the index's watermark; returns how many were applied.</summary>
    public async Task<int> CatchUpAsync(ILexicalIndex index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var applied = 0;
        await foreach (var change in _store.ReadChangesAsync(index.Watermark, cancellationToken).ConfigureAwait(false))
        {
            if (change.Added)
            {
                // A chunk added and later removed has no document any more; its removal follows in the log.
                if (change.Document is not null)
                {
                    index.Upsert(change.Document);
                }
            }
            else
            {
                index.Remove(change.ChunkKey);
            }

            index.Watermark = change.Sequence;
            applied++;
        }

        return applied;
    }

    /// <summary>
    /// Saves the index atomically, then trims the change log it now contains. Call only while holding the
    /// data folder's write lock, so no other writer relies on the trimmed entries.
    /// </summary>
    /// <param name="index">The index to save.</param>
    /// <param name="trimThrough">The watermark of another index that follows the same log (the vector index); the log is
    /// trimmed only through the older of the two, so neither loses changes it has not applied.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task SaveAsync(ILexicalIndex index, long? trimThrough = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        await index.SaveAsync(IndexPath, cancellationToken).ConfigureAwait(false);
        await _store.TrimChangesAsync(Math.Min(index.Watermark, trimThrough ?? long.MaxValue), cancellationToken).ConfigureAwait(false);
    }
}
