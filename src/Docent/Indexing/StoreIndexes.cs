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
/// them up and save them together, the log trimmed only through what both contain. Readers call
/// <see cref="RefreshAsync"/> before searching, so a long-running process (the server) sees what another process
/// wrote; when that process trimmed the log past the index held here, the newer saved index is loaded instead of
/// skipping the trimmed changes. A vector index left behind is logged as a warning (<see cref="StorageLog"/>). Thread-safe: catch-ups and saves are serialised inside; searches run alongside.
/// </summary>
public sealed class StoreIndexes
{
    private readonly LiveLexicalIndex _lexical;
    private readonly LiveVectorIndex? _vectors;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly ILogger _logger;

    /// <summary>
    /// Groups the indexes, as the synchronisers' <c>OpenAsync</c> return them (each with its watermark); the vector
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
    /// Brings the indexes held in memory up to date with the store without saving them (readers do not hold the
    /// write lock). Cheap when nothing changed: one read of the change log's end. The vector index is refreshed
    /// only when <paramref name="includeVectors"/> is set, since that may embed new chunks; when the embedding model
    /// is unavailable it stays behind and the lexical index is still current.
    /// </summary>
    public async Task RefreshAsync(bool includeVectors = true, CancellationToken cancellationToken = default)
    {
        var last = await LexicalSynchronizer.GetLastChangeAsync(cancellationToken).ConfigureAwait(false);
        if (_lexical.Watermark == last && (!includeVectors || _vectors is null || _vectors.Watermark == last))
        {
            return;
        }

        await _sync.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LexicalSynchronizer.RefreshAsync(_lexical, cancellationToken).ConfigureAwait(false);
            if (includeVectors && VectorSynchronizer is not null && _vectors is not null)
            {
                try
                {
                    await VectorSynchronizer.RefreshAsync(_vectors, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (ModelUnavailableException ex)
                {
                    // Vector search reports the unavailable model itself; lexical results stay current.
                    IndexingLog.VectorIndexBehind(_logger, ex.Message);
                }
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>
    /// Applies new store changes to every index, then saves them; call only while holding the data folder's write
    /// lock. An index another process left behind the trimmed log is first replaced by the newer saved one. The
    /// lexical index always catches up; the vector index embeds new chunks and may fail (model unreachable) or be
    /// cancelled — then what it did is kept, it stays behind, and the returned warning says so; the next open or
    /// ingest resumes it.
    /// </summary>
    public async Task<string?> CatchUpAndSaveAsync(IProgress<VectorSyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _sync.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await LexicalSynchronizer.RefreshAsync(_lexical, CancellationToken.None).ConfigureAwait(false);
            string? warning = null;
            if (VectorSynchronizer is not null && _vectors is not null)
            {
                try
                {
                    await VectorSynchronizer.RefreshAsync(_vectors, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (ModelUnavailableException ex)
                {
                    warning = $"vector index not brought up to date: {ex.Message} It resumes on the next ingest or question.";
                    IndexingLog.VectorIndexBehind(_logger, ex.Message);
                }
                catch (OperationCanceledException)
                {
                    warning = "vector index not brought up to date: cancelled. It resumes on the next ingest or question.";
                    IndexingLog.VectorIndexBehind(_logger, "cancelled");
                }

                await VectorSynchronizer.SaveAsync(_vectors, CancellationToken.None).ConfigureAwait(false);
            }

            await LexicalSynchronizer.SaveAsync(_lexical, _vectors?.Watermark, CancellationToken.None).ConfigureAwait(false);
            return warning;
        }
        finally
        {
            _sync.Release();
        }
    }
}
