using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Docent.Cluster;

/// <summary>
/// One shard of a sharded collection: a full embedded data folder (store, lexical index, vectors) owned by a grain keyed
/// by <see cref="ShardKey"/>. Searches are read-only and run concurrently; ingest and removal run one at a time, never
/// during a search, so a search's version names exactly the index it read. Search arguments and results travel as
/// <see cref="Immutable{T}"/>: neither side changes them, so a call within one silo passes them without a copy.
/// </summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>The shard's statistics for <paramref name="terms"/> (analysed) and its languages.</summary>
    [ReadOnly]
    Task<Immutable<ShardStatistics>> GetStatisticsAsync(Immutable<string[]> terms, CancellationToken cancellationToken = default);

    /// <summary>The keys and scores of the shard's best <paramref name="top"/> chunks for <paramref name="terms"/>, scored with the collection's statistics.</summary>
    [ReadOnly]
    Task<Immutable<ShardHits>> SearchLexicalAsync(
        Immutable<WeightedTerm[]> terms, Immutable<LexicalStatistics> statistics, int top, CancellationToken cancellationToken = default);

    /// <summary>The keys and similarities of the shard's <paramref name="top"/> nearest chunks to an embedded query.</summary>
    [ReadOnly]
    Task<Immutable<ScoredKey[]>> SearchVectorsAsync(Immutable<float[]> query, int top, CancellationToken cancellationToken = default);

    /// <summary>The chunks and documents of keys this shard returned, in order with their scores (a chunk removed since is left out).</summary>
    [ReadOnly]
    Task<Immutable<RetrievedChunk[]>> FetchAsync(Immutable<ScoredKey[]> hits, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ingests the documents (each replacing an earlier version of the same source), one result each, then saves the
    /// indexes. A batch may parse and embed for minutes, past Orleans' default 30 s answer timeout, so it has ten
    /// (<see cref="ShardedCollectionOptions.IngestTimeout"/> bounds the wait on the caller's side).
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<DocumentIngestResult[]> IngestAsync(ShardDocument[] documents, CancellationToken cancellationToken = default);

    /// <summary>Removes the document with this id, or ingested from this source; null when the shard does not hold it.</summary>
    Task<DocumentRecord?> RemoveAsync(string idOrSource, CancellationToken cancellationToken = default);

    /// <summary>Moves the shard to <paramref name="silo"/> after this call (Orleans migration): it closes here and opens there.</summary>
    Task MoveAsync(SiloAddress silo, CancellationToken cancellationToken = default);

    /// <summary>Every document the shard holds.</summary>
    [ReadOnly]
    Task<DocumentRecord[]> ListDocumentsAsync(CancellationToken cancellationToken = default);

    /// <summary>The document with this id, or ingested from this source; null when the shard does not hold it.</summary>
    [ReadOnly]
    Task<DocumentRecord?> FindDocumentAsync(string idOrSource, CancellationToken cancellationToken = default);

    /// <summary>The shard store's counts.</summary>
    [ReadOnly]
    Task<StoreStatistics> GetStoreStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>What the shard holds and where it runs.</summary>
    [ReadOnly]
    Task<ShardSummary> GetSummaryAsync(CancellationToken cancellationToken = default);
}
