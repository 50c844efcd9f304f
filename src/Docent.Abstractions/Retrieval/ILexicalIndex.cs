namespace Docent.Retrieval;

/// <summary>
/// A keyword index over chunks, ranked by BM25 with field weights. Updated incrementally; persisted to a
/// versioned file beside the store and rebuildable from it. <see cref="Watermark"/> records the last store
/// change applied, so an index saved before a crash can catch up. Implementations allow many concurrent
/// readers or one writer; callers serialise writes.
/// </summary>
public interface ILexicalIndex
{
    /// <summary>Number of live chunks in the index.</summary>
    int Count { get; }

    /// <summary>The sequence number of the last store change applied to this index.</summary>
    long Watermark { get; set; }

    /// <summary>Adds the chunk, replacing any earlier version with the same key.</summary>
    void Upsert(LexicalDocument document);

    /// <summary>Removes the chunk; returns false when it was not indexed.</summary>
    bool Remove(long key);

    /// <summary>The best <paramref name="top"/> chunks for <paramref name="query"/>, best first.</summary>
    IReadOnlyList<ScoredKey> Search(string query, int top, CancellationToken cancellationToken = default);

    /// <summary>
    /// The best <paramref name="top"/> chunks for terms already analysed by the index's analyzer, each
    /// scaling its BM25 contribution by its weight (used by query expansion).
    /// </summary>
    IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, int top, CancellationToken cancellationToken = default);

    /// <summary>Writes the index to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    Task SaveAsync(string path, CancellationToken cancellationToken = default);
}
