namespace Docent.Retrieval;

/// <summary>
/// A keyword index with its maintenance side: updated incrementally, persisted to a versioned file beside the
/// store and rebuildable from it (what the store synchroniser needs); searching is <see cref="ILexicalSearcher"/>.
/// Implementations allow many concurrent readers or one writer; callers serialise writes.
/// </summary>
public interface ILexicalIndex : ILexicalSearcher
{
    /// <summary>Adds the chunk, replacing any earlier version with the same key.</summary>
    void Upsert(LexicalDocument document);

    /// <summary>Removes the chunk; returns false when it was not indexed.</summary>
    bool Remove(long key);

    /// <summary>
    /// Lets the data folder's writer bound the index's memory during a long catch-up or rebuild: an index that buffers
    /// changes in memory may write them to disk here when the buffer has grown large (they become durable with the next
    /// <see cref="SaveAsync"/>). Only a writer may call it, since it writes files. Returns whether anything was written;
    /// an index that keeps everything in memory does nothing.
    /// </summary>
    bool SpillIfLarge() => false;

    /// <summary>
    /// Writes the index to <paramref name="path"/> atomically (temporary file, then rename), recording
    /// <paramref name="watermark"/> — the caller's sequence number of the last store change the index contains —
    /// in the file header, where loading returns it, so an index saved before a crash can catch up.
    /// </summary>
    Task SaveAsync(string path, long watermark, CancellationToken cancellationToken = default);
}
