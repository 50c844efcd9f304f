using Docent.Models;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Vectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Indexing;

/// <summary>
/// The derived indexes of a data folder — the lexical index and, when an embedding model is configured, the
/// vector index — kept in step with the store's change log. Writers (holding the data folder's write lock) catch
/// them up and save them: the lexical index first, so what was ingested is searchable the moment it is committed, then
/// the vector index, which may take minutes of embedding; the log is trimmed only through what both contain. Readers call
/// <see cref="RefreshAsync"/> before searching: the lexical index catches up (cheap), the vector index is only swapped
/// for a newer saved one — a question never waits for embeddings; chunks without a vector are found lexically. A vector
/// index left behind is logged as a warning (<see cref="StorageLog"/>). Thread-safe: lexical and vector work are
/// serialised separately, so a search refreshes the lexical index while a catch-up embeds; searches run alongside.
/// </summary>
public sealed class StoreIndexes
{
    private readonly LiveLexicalIndex _lexical;
    private readonly LiveVectorIndex? _vectors;
    private readonly SemaphoreSlim _lexicalSync = new(1, 1);
    private readonly SemaphoreSlim _vectorSync = new(1, 1);
    private readonly ILogger _logger;

    /// <summary>
    /// Groups the indexes, as the synchronisers open them (each with its watermark); the vector
    /// pair is null when no embedding model is configured; <paramref name="logger"/> null logs nothing.
    /// </summary>
    public StoreIndexes(
        LexicalIndexSynchronizer lexicalSynchronizer, LiveLexicalIndex lexical, VectorIndexSynchronizer? vectorSynchronizer = null, LiveVectorIndex? vectors = null,
        ILogger<StoreIndexes>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(lexicalSynchronizer);
        ArgumentNullException.ThrowIfNull(lexical);
        if ((vectorSynchronizer is null) != (vectors is null))
        {
            throw new ArgumentException("The vector index and its synchroniser come together.");
        }

        LexicalSynchronizer = lexicalSynchronizer;
        _lexical = lexical;
        VectorSynchronizer = vectorSynchronizer;
        _vectors = vectors;
        _logger = logger ?? NullLogger<StoreIndexes>.Instance;
    }

    /// <summary>Keeps <see cref="Lexical"/> in step with the store.</summary>
    public LexicalIndexSynchronizer LexicalSynchronizer { get; }

    /// <summary>The lexical index and its watermark (always the newest one loaded; hold this object, not what it wraps).</summary>
    public LiveLexicalIndex Lexical => _lexical;

    /// <summary>Keeps <see cref="Vectors"/> in step with the store, or null.</summary>
    public VectorIndexSynchronizer? VectorSynchronizer { get; }

    /// <summary>The vector index and its watermark, or null without an embedding model.</summary>
    public LiveVectorIndex? Vectors => _vectors;

    /// <summary>
    /// Brings the indexes held in memory up to date for a search, without saving them (readers do not hold the write
    /// lock). The lexical index catches up with the store (cheap when nothing changed: one read of the change log's
    /// end). When <paramref name="includeVectors"/> is set, the vector index is swapped for a newer saved one if a
    /// writer saved one; it is never embedded here, and a catch-up running in this process is not waited for.
    /// </summary>
    public async Task RefreshAsync(bool includeVectors = true, CancellationToken cancellationToken = default)
    {
        if (includeVectors && VectorSynchronizer is not null && _vectors is not null && _vectorSync.Wait(0, CancellationToken.None))
        {
            try
            {
                VectorSynchronizer.ReloadIfSavedNewer(_vectors);
            }
            finally
            {
                _vectorSync.Release();
            }
        }

        var last = await LexicalSynchronizer.GetLastChangeAsync(cancellationToken).ConfigureAwait(false);
        if (_lexical.Watermark == last)
        {
            return;
        }

        await _lexicalSync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LexicalSynchronizer.RefreshAsync(_lexical, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lexicalSync.Release();
        }
    }

    /// <summary>
    /// Applies new store changes to every index and saves them; call only while holding the data folder's write lock.
    /// The lexical index catches up and is saved first (what was committed is searchable from then on, in every
    /// process). Then the vector index embeds new chunks (reporting <paramref name="progress"/>) and is saved; it may
    /// fail (model unreachable) or be cancelled — then what it did is kept, it stays behind, the log is kept from its
    /// watermark on, and the returned warning says so; the next ingest resumes it. An index another process left behind
    /// the trimmed log is first replaced by the newer saved one.
    /// </summary>
    public async Task<string?> CatchUpAndSaveAsync(IProgress<VectorSyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _lexicalSync.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await LexicalSynchronizer.RefreshAsync(_lexical, asWriter: true, CancellationToken.None).ConfigureAwait(false);
            await LexicalSynchronizer.SaveAsync(_lexical, _vectors?.Watermark, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _lexicalSync.Release();
        }

        if (VectorSynchronizer is null || _vectors is null)
        {
            return null;
        }

        await _vectorSync.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            string? warning = null;
            var before = _vectors.Watermark;
            try
            {
                await VectorSynchronizer.RefreshAsync(_vectors, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelUnavailableException ex)
            {
                warning = $"vector index not brought up to date: {ex.Message} Lexical search has every document; run `docent ingest` again to embed the rest.";
                IndexingLog.VectorIndexBehind(_logger, ex.Message);
            }
            catch (OperationCanceledException)
            {
                warning = "vector index not brought up to date: cancelled. Lexical search has every document; run `docent ingest` again to embed the rest.";
                IndexingLog.VectorIndexBehind(_logger, "cancelled");
            }

            await VectorSynchronizer.SaveAsync(_vectors, CancellationToken.None).ConfigureAwait(false);
            if (_vectors.Watermark != before)
            {
                await LexicalSynchronizer.TrimAsync(_lexical, _vectors.Watermark, CancellationToken.None).ConfigureAwait(false);
            }

            return warning;
        }
        finally
        {
            _vectorSync.Release();
        }
    }
}
