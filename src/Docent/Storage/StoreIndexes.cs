using Docent.Models;
using Docent.Retrieval;
using Docent.Vectors;

namespace Docent.Storage;

/// <summary>
/// The derived indexes of a data folder — the lexical index and, when an embedding model is configured, the
/// vector index — caught up with the store's change log and saved together, the log trimmed only through what
/// both contain. Not thread-safe: one catch-up or save at a time (writers hold the data folder's lock).
/// </summary>
public sealed class StoreIndexes
{
    /// <summary>Groups the indexes; the vector pair is null when no embedding model is configured.</summary>
    public StoreIndexes(LexicalIndexSynchronizer lexicalSynchronizer, ILexicalIndex lexical, VectorIndexSynchronizer? vectorSynchronizer = null, IVectorIndex? vectors = null)
    {
        ArgumentNullException.ThrowIfNull(lexicalSynchronizer);
        ArgumentNullException.ThrowIfNull(lexical);
        if ((vectorSynchronizer is null) != (vectors is null))
        {
            throw new ArgumentException("The vector index and its synchroniser come together.");
        }

        LexicalSynchronizer = lexicalSynchronizer;
        Lexical = lexical;
        VectorSynchronizer = vectorSynchronizer;
        Vectors = vectors;
    }

    /// <summary>Keeps <see cref="Lexical"/> in step with the store.</summary>
    public LexicalIndexSynchronizer LexicalSynchronizer { get; }

    /// <summary>The lexical index.</summary>
    public ILexicalIndex Lexical { get; }

    /// <summary>Keeps <see cref="Vectors"/> in step with the store, or null.</summary>
    public VectorIndexSynchronizer? VectorSynchronizer { get; }

    /// <summary>The vector index, or null without an embedding model.</summary>
    public IVectorIndex? Vectors { get; }

    /// <summary>
    /// Applies new store changes to every index, then saves them. The lexical index always catches up; the
    /// vector index embeds new chunks and may fail (model unreachable) or be cancelled — then what it did is
    /// kept, it stays behind, and the returned warning says so; the next open or ingest resumes it.
    /// </summary>
    public async Task<string?> CatchUpAndSaveAsync(IProgress<VectorSyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await LexicalSynchronizer.CatchUpAsync(Lexical, CancellationToken.None).ConfigureAwait(false);
        string? warning = null;
        if (VectorSynchronizer is not null && Vectors is not null)
        {
            try
            {
                await VectorSynchronizer.CatchUpAsync(Vectors, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelUnavailableException ex)
            {
                warning = $"vector index not brought up to date: {ex.Message} It resumes on the next ingest or question.";
            }
            catch (OperationCanceledException)
            {
                warning = "vector index not brought up to date: cancelled. It resumes on the next ingest or question.";
            }

            await VectorSynchronizer.SaveAsync(Vectors, CancellationToken.None).ConfigureAwait(false);
        }

        await LexicalSynchronizer.SaveAsync(Lexical, Vectors?.Watermark, CancellationToken.None).ConfigureAwait(false);
        return warning;
    }
}
