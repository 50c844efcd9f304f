using System.Diagnostics;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Indexing;

/// <summary>
/// Keeps a vector index in step with the store, as <see cref="LexicalIndexSynchronizer"/> does for the lexical
/// one: the index file records its watermark and model id. <see cref="LoadAsync"/> (every open) loads it as it is and
/// embeds nothing; a missing, corrupt or too old file, or one made by another embedding model (vectors of two models
/// never mix), gives an empty index that a writer's <see cref="RefreshAsync"/> fills — replaying the change log after
/// the watermark, embedding added chunks in batches, or rebuilding from the store when the log was trimmed.
/// Embeddings come through the caller's generator (normally cached by content hash), so a rebuild re-embeds only texts
/// the model has never seen. Readers pick up a newer file saved by a writer with <see cref="ReloadIfSavedNewer"/>.
/// Loads, rebuilds, catch-ups, saves and swaps are logged (<see cref="StorageLog"/>).
/// One index must not be caught up from two threads at once.
/// </summary>
public sealed class VectorIndexSynchronizer
{
    /// <summary>File name of the vector index inside the data folder.</summary>
    public const string IndexFileName = "vectors.idx";

    private const string DimensionProbe = "Docent embedding dimension probe.";

    // As for the lexical index: a retry is needed only when another save and trim land between load and catch-up.
    private const int OpenAttempts = 5;

    private const string IndexKind = "vector";

    private readonly SqliteDocumentStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly Func<int, IVectorIndex> _create;
    private readonly Func<string, (IVectorIndex Index, long Watermark)?> _load;
    private readonly int _batchSize;
    private readonly ILogger _logger;
    private (DateTime Written, long Length)? _loadedStamp;

    /// <summary>
    /// Creates the synchroniser. <paramref name="create"/> makes an empty index of a dimension for
    /// <paramref name="modelId"/>; <paramref name="load"/> reads the index file and the watermark saved with it, or
    /// returns null for a missing or unusable file; <paramref name="logger"/> null logs nothing.
    /// </summary>
    public VectorIndexSynchronizer(
        SqliteDocumentStore store,
        IEmbeddingGenerator<string, Embedding<float>> generator,
        string modelId,
        int batchSize,
        Func<int, IVectorIndex> create,
        Func<string, (IVectorIndex Index, long Watermark)?> load,
        ILogger<VectorIndexSynchronizer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(load);
        _store = store;
        _generator = generator;
        ModelId = modelId;
        _batchSize = batchSize;
        _create = create;
        _load = load;
        _logger = logger ?? NullLogger<VectorIndexSynchronizer>.Instance;
    }

    /// <summary>The embedding model whose vectors the index holds.</summary>
    public string ModelId { get; }

    /// <summary>The index file's path.</summary>
    public string IndexPath => Path.Combine(_store.DataDirectory, IndexFileName);

    /// <summary>The text embedded for a chunk: title, heading path and body, one per line.</summary>
    public static string EmbeddingText(LexicalDocument chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return string.IsNullOrEmpty(chunk.Headings) ? $"{chunk.Title}\n{chunk.Body}" : $"{chunk.Title}\n{chunk.Headings}\n{chunk.Body}";
    }

    /// <summary>
    /// Loads the saved index as it is, embedding nothing (one probe for the dimension when there is no usable file):
    /// what readers open, so a question never waits for embeddings. A missing file, or one of another model or store,
    /// gives an empty index at watermark 0, which the next <see cref="RefreshAsync"/> (a writer's catch-up) fills —
    /// replaying the change log, or rebuilding from the store when the log was trimmed.
    /// </summary>
    public async Task<LiveVectorIndex> LoadAsync(CancellationToken cancellationToken = default)
    {
        var stamp = FileStamp();
        var loaded = _load(IndexPath);
        var (trimmedThrough, last) = await _store.GetChangeLogRangeAsync(cancellationToken).ConfigureAwait(false);
        if (loaded is { } file && file.Index.ModelId == ModelId && file.Watermark >= trimmedThrough && file.Watermark <= last)
        {
            IndexingLog.IndexLoaded(_logger, IndexKind, IndexPath);
            _loadedStamp = stamp;
            return new LiveVectorIndex(file.Index, file.Watermark);
        }

        (loaded?.Index as IDisposable)?.Dispose();
        var probe = await _generator.GenerateAsync([DimensionProbe], cancellationToken: cancellationToken).ConfigureAwait(false);
        return new LiveVectorIndex(_create(probe[0].Vector.Length), 0);
    }

    /// <summary>
    /// For readers: switches <paramref name="live"/> to the saved index when a writer (this process or another) saved
    /// one newer than it since it was loaded. Embeds nothing; cheap when the file is unchanged (one file-system stat).
    /// Returns whether it switched.
    /// </summary>
    public bool ReloadIfSavedNewer(LiveVectorIndex live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var stamp = FileStamp();
        if (stamp == _loadedStamp || stamp is null)
        {
            return false;
        }

        _loadedStamp = stamp;
        if (_load(IndexPath) is not { } file)
        {
            return false;
        }

        if (file.Index.ModelId != ModelId || file.Watermark <= live.Watermark)
        {
            (file.Index as IDisposable)?.Dispose();
            return false;
        }

        live.Replace(file.Index, file.Watermark);
        IndexingLog.IndexLoaded(_logger, IndexKind, IndexPath);
        return true;
    }

    /// <summary>
    /// Brings the index <paramref name="live"/> serves up to date. When the change log no longer holds what it lacks
    /// (another process saved a newer index and trimmed the log), <paramref name="live"/> is switched to a newly
    /// opened index — the newer file, or a rebuild — before that one is caught up, so even a catch-up that fails
    /// part-way leaves the newer index in place; the old one is left untouched for searches still running on it.
    /// </summary>
    public async Task RefreshAsync(LiveVectorIndex live, IProgress<VectorSyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        try
        {
            await CatchUpAsync(live, progress, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ChangeLogTrimmedException)
        {
            // Another process saved a newer index and trimmed the log past ours: open the newer one below.
        }

        for (var attempt = 1; ; attempt++)
        {
            IndexingLog.TrimmedLogSwap(_logger, IndexKind, attempt);
            var (index, watermark) = await LoadOrRebuildAsync(progress, cancellationToken).ConfigureAwait(false);
            live.Replace(index, watermark);
            try
            {
                await CatchUpAsync(live, progress, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ChangeLogTrimmedException) when (attempt < OpenAttempts)
            {
                // Another save and trim landed between our load and our catch-up: load the newer file.
            }
        }
    }

    private async Task<(IVectorIndex Index, long Watermark)> LoadOrRebuildAsync(IProgress<VectorSyncProgress>? progress, CancellationToken cancellationToken)
    {
        var loaded = _load(IndexPath);
        var (trimmedThrough, last) = await _store.GetChangeLogRangeAsync(cancellationToken).ConfigureAwait(false);
        if (loaded is { } file && (file.Index.ModelId != ModelId || file.Watermark < trimmedThrough || file.Watermark > last))
        {
            // Another model's vectors, a copy older than the retained log, or another store's file.
            IndexingLog.IndexRebuilding(_logger, IndexKind, file.Index.ModelId != ModelId
                ? $"the index file holds vectors of another embedding model ({file.Index.ModelId})"
                : "the index file is older than the change log or belongs to another store");
            (file.Index as IDisposable)?.Dispose();
            loaded = null;
        }
        else if (loaded is null)
        {
            IndexingLog.IndexRebuilding(_logger, IndexKind, File.Exists(IndexPath) ? "the index file is unreadable" : "there is no index file yet");
        }
        else
        {
            IndexingLog.IndexLoaded(_logger, IndexKind, IndexPath);
        }

        if (loaded is null)
        {
            var rebuilding = Stopwatch.StartNew();
            var probe = await _generator.GenerateAsync([DimensionProbe], cancellationToken: cancellationToken).ConfigureAwait(false);
            var index = _create(probe[0].Vector.Length);
            long snapshot = 0;
            var chunks = new List<LexicalDocument>();
            await foreach (var chunk in _store.ReadAllForIndexAsync(seq => snapshot = seq, cancellationToken).ConfigureAwait(false))
            {
                chunks.Add(chunk);
            }

            var done = 0;
            foreach (var batch in chunks.Chunk(_batchSize))
            {
                await EmbedAndAddAsync(index, batch, cancellationToken).ConfigureAwait(false);
                done += batch.Length;
                progress?.Report(new VectorSyncProgress(done, chunks.Count));
            }

            loaded = (index, snapshot);
            IndexingLog.IndexRebuilt(_logger, IndexKind, chunks.Count, rebuilding.ElapsedMilliseconds);
        }

        return loaded.Value;
    }

    /// <summary>
    /// Applies the store's changes after <paramref name="live"/>'s watermark to the index it serves, embedding added
    /// chunks in batches; returns how many changes were applied. The watermark advances batch by batch, so a
    /// cancelled catch-up keeps its work.
    /// </summary>
    /// <exception cref="ChangeLogTrimmedException">The log was trimmed past the index's watermark (use <see cref="RefreshAsync"/>).</exception>
    public async Task<int> CatchUpAsync(LiveVectorIndex live, IProgress<VectorSyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        var index = live.Current;
        var changes = new List<StoreChange>();
        await foreach (var change in _store.ReadChangesAsync(live.Watermark, cancellationToken).ConfigureAwait(false))
        {
            changes.Add(change);
        }

        var additions = changes.Count(c => c.Added && c.Document is not null);
        var pending = new List<LexicalDocument>(_batchSize);
        var embedded = 0;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (!change.Added)
            {
                index.Remove(change.ChunkKey);
            }
            else if (change.Document is not null)
            {
                pending.Add(change.Document);
            }

            if (pending.Count == _batchSize || i == changes.Count - 1)
            {
                await EmbedAndAddAsync(index, pending, cancellationToken).ConfigureAwait(false);
                embedded += pending.Count;
                pending.Clear();
                live.Watermark = change.Sequence;
                progress?.Report(new VectorSyncProgress(embedded, additions));
            }
        }

        if (changes.Count > 0)
        {
            IndexingLog.IndexCaughtUp(_logger, IndexKind, changes.Count);
        }

        return changes.Count;
    }

    /// <summary>
    /// Saves the index <paramref name="live"/> serves atomically, with its watermark (the caller trims the change log
    /// once every index has it).
    /// </summary>
    public async Task SaveAsync(LiveVectorIndex live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        await live.Current.SaveAsync(IndexPath, live.Watermark, cancellationToken).ConfigureAwait(false);
        _loadedStamp = FileStamp();
        IndexingLog.IndexSaved(_logger, IndexKind, IndexPath);
    }

    private (DateTime Written, long Length)? FileStamp()
    {
        var file = new FileInfo(IndexPath);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
    }

    private async Task EmbedAndAddAsync(IVectorIndex index, IReadOnlyList<LexicalDocument> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }

        var embeddings = await _generator.GenerateAsync(chunks.Select(EmbeddingText), cancellationToken: cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < chunks.Count; i++)
        {
            var vector = embeddings[i].Vector.Span;
            if (vector.Length != index.Dimension)
            {
                throw new InvalidDataException(
                    $"The embedding model \"{ModelId}\" returned a {vector.Length}-dimension vector; the index holds {index.Dimension}. " +
                    $"Delete {IndexPath} if the model was replaced under the same name.");
            }

            index.Upsert(chunks[i].Key, vector);
        }
    }
}
