using System.Diagnostics;
using Docent.Retrieval;
using Docent.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Indexing;

/// <summary>
/// Keeps a lexical index in step with the store. The index file beside the database records the last
/// change-log entry it contains (its watermark); opening loads that file, or rebuilds the index from the
/// chunks when the file is missing, corrupt or built differently, then replays the changes after the
/// watermark. A crash between a store commit and an index save therefore loses nothing; a file older than
/// the retained log, or from another store, is rebuilt. When another process has saved a newer index and
/// trimmed the log past an index held in memory, <see cref="RefreshAsync"/> notices and reloads the newer file
/// (or rebuilds) instead of skipping the trimmed changes. Loads, rebuilds, catch-ups, saves and swaps are logged
/// (<see cref="StorageLog"/>). Thread-safe for distinct indexes; one index must not
/// be caught up from two threads at once.
/// </summary>
public sealed class LexicalIndexSynchronizer
{
    /// <summary>File name of the index inside the data folder.</summary>
    public const string IndexFileName = "lexical.idx";

    // A writer trims the log only after saving its index, so a reload sees a file at or past the trim; a retry is
    // needed only when another save and trim land between loading the file and reading the log.
    private const int OpenAttempts = 5;

    private const string IndexKind = "lexical";

    private readonly SqliteDocumentStore _store;
    private readonly Func<ILexicalIndex> _create;
    private readonly Func<string, (ILexicalIndex Index, long Watermark)?> _load;
    private readonly ILogger _logger;

    /// <summary>
    /// Creates a synchroniser for <paramref name="store"/>. <paramref name="load"/> reads the index file and the
    /// watermark saved with it, or returns null for a missing or unusable file; <paramref name="logger"/> null logs nothing.
    /// </summary>
    public LexicalIndexSynchronizer(
        SqliteDocumentStore store, Func<ILexicalIndex> create, Func<string, (ILexicalIndex Index, long Watermark)?> load,
        ILogger<LexicalIndexSynchronizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(load);
        _store = store;
        _create = create;
        _load = load;
        _logger = logger ?? NullLogger<LexicalIndexSynchronizer>.Instance;
    }

    /// <summary>The index file's path.</summary>
    public string IndexPath => Path.Combine(_store.DataDirectory, IndexFileName);

    /// <summary>The newest change the store has written (an index at this watermark is up to date).</summary>
    public async Task<long> GetLastChangeAsync(CancellationToken cancellationToken = default) =>
        (await _store.GetChangeLogRangeAsync(cancellationToken).ConfigureAwait(false)).Last;

    /// <summary>Loads (or rebuilds) the index and brings it up to date with the store; the result carries its watermark.</summary>
    public async Task<LiveLexicalIndex> OpenAsync(CancellationToken cancellationToken = default)
    {
        // The retries for a save and trim by another process landing between load and catch-up live in RefreshAsync.
        var (index, watermark) = await LoadOrRebuildAsync(asWriter: false, cancellationToken).ConfigureAwait(false);
        var live = new LiveLexicalIndex(index, watermark);
        await RefreshAsync(live, cancellationToken).ConfigureAwait(false);
        return live;
    }

    /// <summary>
    /// Brings the index <paramref name="live"/> serves up to date. When the change log no longer holds what it lacks
    /// (another process saved a newer index and trimmed the log), <paramref name="live"/> is switched to a newly
    /// opened index — the newer file, or a rebuild — before that one is caught up, so even a catch-up that fails
    /// part-way leaves the newer index in place; the old one is left untouched for searches still running on it.
    /// </summary>
    public Task RefreshAsync(LiveLexicalIndex live, CancellationToken cancellationToken = default) =>
        RefreshAsync(live, asWriter: false, cancellationToken);

    /// <summary>
    /// <see cref="RefreshAsync(LiveLexicalIndex, CancellationToken)"/>; with <paramref name="asWriter"/> (the caller holds the
    /// data folder's write lock) the index may spill what it buffers to disk as it goes (<see cref="ILexicalIndex.SpillIfLarge"/>),
    /// so a large catch-up or rebuild keeps its memory bounded.
    /// </summary>
    public async Task RefreshAsync(LiveLexicalIndex live, bool asWriter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        try
        {
            await CatchUpAsync(live, asWriter, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ChangeLogTrimmedException)
        {
            // Another process saved a newer index and trimmed the log past ours: open the newer one below.
        }

        for (var attempt = 1; ; attempt++)
        {
            IndexingLog.TrimmedLogSwap(_logger, IndexKind, attempt);
            var (index, watermark) = await LoadOrRebuildAsync(asWriter, cancellationToken).ConfigureAwait(false);
            live.Replace(index, watermark);
            try
            {
                await CatchUpAsync(live, asWriter, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ChangeLogTrimmedException) when (attempt < OpenAttempts)
            {
                // Another save and trim landed between our load and our catch-up: load the newer file.
            }
        }
    }

    /// <summary>
    /// Applies the store's changes after <paramref name="live"/>'s watermark to the index it serves, advancing the
    /// watermark with each; returns how many were applied.
    /// </summary>
    /// <exception cref="ChangeLogTrimmedException">The log was trimmed past the index's watermark (use <see cref="RefreshAsync"/>).</exception>
    public Task<int> CatchUpAsync(LiveLexicalIndex live, CancellationToken cancellationToken = default) =>
        CatchUpAsync(live, asWriter: false, cancellationToken);

    private async Task<int> CatchUpAsync(LiveLexicalIndex live, bool asWriter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        var index = live.Current;
        var applied = 0;
        await foreach (var change in _store.ReadChangesAsync(live.Watermark, cancellationToken).ConfigureAwait(false))
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

            live.Watermark = change.Sequence;
            applied++;
            if (asWriter && (applied & 0x3FF) == 0)
            {
                index.SpillIfLarge();
            }
        }

        if (applied > 0)
        {
            IndexingLog.IndexCaughtUp(_logger, IndexKind, applied);
        }

        return applied;
    }

    /// <summary>
    /// Saves the index atomically, then trims the change log it now contains. Call only while holding the
    /// data folder's write lock, so no other writer relies on the trimmed entries.
    /// </summary>
    /// <param name="live">The index to save, with the watermark recorded in its file.</param>
    /// <param name="trimThrough">The watermark of another index that follows the same log (the vector index); the log is
    /// trimmed only through the older of the two, so neither loses changes it has not applied.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task SaveAsync(LiveLexicalIndex live, long? trimThrough = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        var index = live.Current;
        var watermark = live.Watermark;
        await index.SaveAsync(IndexPath, watermark, cancellationToken).ConfigureAwait(false);
        IndexingLog.IndexSaved(_logger, IndexKind, IndexPath);
        var through = Math.Min(watermark, trimThrough ?? long.MaxValue);
        await _store.TrimChangesAsync(through, cancellationToken).ConfigureAwait(false);
        IndexingLog.ChangeLogTrimmed(_logger, through);
    }

    /// <summary>
    /// Trims the change log through what the saved lexical index and <paramref name="trimThrough"/> (the vector index's
    /// watermark) both contain, after the vector index caught up past the point the last <see cref="SaveAsync"/> kept.
    /// </summary>
    public async Task TrimAsync(LiveLexicalIndex live, long trimThrough, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        var through = Math.Min(live.Watermark, trimThrough);
        await _store.TrimChangesAsync(through, cancellationToken).ConfigureAwait(false);
        IndexingLog.ChangeLogTrimmed(_logger, through);
    }

    private async Task<(ILexicalIndex Index, long Watermark)> LoadOrRebuildAsync(bool asWriter, CancellationToken cancellationToken)
    {
        var loaded = _load(IndexPath);
        var (trimmedThrough, last) = await _store.GetChangeLogRangeAsync(cancellationToken).ConfigureAwait(false);
        if (loaded is { } file && (file.Watermark < trimmedThrough || file.Watermark > last))
        {
            // The file predates changes the log no longer holds (an old copy), or comes from another store.
            (file.Index as IDisposable)?.Dispose();
            loaded = null;
            IndexingLog.IndexRebuilding(_logger, IndexKind, "the index file is older than the change log or belongs to another store");
        }
        else if (loaded is null)
        {
            IndexingLog.IndexRebuilding(_logger, IndexKind, File.Exists(IndexPath) ? "the index file is unreadable or was built with other settings" : "there is no index file yet");
        }
        else
        {
            IndexingLog.IndexLoaded(_logger, IndexKind, IndexPath);
        }

        if (loaded is null)
        {
            var rebuilding = Stopwatch.StartNew();
            var chunks = 0;
            var index = _create();
            long snapshot = 0;
            await foreach (var document in _store.ReadAllForIndexAsync(seq => snapshot = seq, cancellationToken).ConfigureAwait(false))
            {
                index.Upsert(document);
                chunks++;
                if (asWriter && (chunks & 0x3FF) == 0)
                {
                    index.SpillIfLarge();
                }
            }

            loaded = (index, snapshot);
            IndexingLog.IndexRebuilt(_logger, IndexKind, chunks, rebuilding.ElapsedMilliseconds);
        }

        return loaded.Value;
    }
}
