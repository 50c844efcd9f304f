using Docent.Indexing;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Vectors;

namespace Docent.Hosting;

/// <summary>
/// One data folder searched as a shard of a larger collection (<see cref="DataFolder.CreateShardSearcher"/>): it
/// reports its lexical statistics, searches with a whole collection's statistics so its chunks score as they would in
/// one index, and searches its vectors with a query embedded elsewhere. Searches return keys and scores only; the caller
/// merges every shard's and fetches the chunks and documents of the winners (<see cref="FetchAsync"/>), so a search
/// moves a few bytes per candidate rather than its text. Each call first brings the indexes up to date with the store.
/// Thread-safe.
/// </summary>
public sealed class ShardSearcher
{
    private readonly LiveLexicalIndex _lexical;
    private readonly StoreIndexes _indexes;
    private readonly SqliteDocumentStore _store;

    internal ShardSearcher(StoreIndexes indexes, SqliteDocumentStore store)
    {
        _indexes = indexes;
        _lexical = indexes.Lexical;
        _store = store;
    }

    /// <summary>Whether the shard keeps vectors (an embedding model is configured).</summary>
    public bool HasVectors => _indexes.Vectors is not null;

    /// <summary>The shard's figures for <paramref name="terms"/> (analysed), its languages, and the version they were read at.</summary>
    public async Task<ShardStatistics> GetStatisticsAsync(IReadOnlyList<string> terms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        await _indexes.RefreshAsync(includeVectors: false, cancellationToken).ConfigureAwait(false);
        long version = _lexical.Watermark;
        var statistics = _lexical.GetStatistics(terms);
        var languages = _lexical.LanguageCounts;
        return new ShardStatistics(_lexical.Watermark == version ? version : -1, statistics, languages);
    }

    /// <summary>The keys and scores of the shard's best <paramref name="top"/> chunks for <paramref name="terms"/>, scored with the collection's <paramref name="statistics"/>.</summary>
    public async Task<ShardHits> SearchLexicalAsync(
        IReadOnlyList<WeightedTerm> terms, LexicalStatistics statistics, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(statistics);
        await _indexes.RefreshAsync(includeVectors: false, cancellationToken).ConfigureAwait(false);
        long version = _lexical.Watermark;
        var keys = _lexical.Search(terms, new LexicalSearchOptions { Top = top, Statistics = statistics }, cancellationToken);
        return new ShardHits(_lexical.Watermark == version ? version : -1, keys);
    }

    /// <summary>The chunks and documents of <paramref name="hits"/> (keys this shard returned), in their order with their scores; a chunk removed since is left out.</summary>
    public Task<IReadOnlyList<RetrievedChunk>> FetchAsync(IReadOnlyList<ScoredKey> hits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hits);
        return ChunkHydrator.HydrateAsync(_store, hits, access: null, cancellationToken);
    }

    /// <summary>The keys and similarities of the shard's <paramref name="top"/> nearest chunks to <paramref name="query"/> (embedded by the caller with the shard's model); empty without vectors.</summary>
    public async Task<IReadOnlyList<ScoredKey>> SearchVectorsAsync(ReadOnlyMemory<float> query, int top, CancellationToken cancellationToken = default)
    {
        await _indexes.RefreshAsync(includeVectors: true, cancellationToken).ConfigureAwait(false);
        if (_indexes.Vectors is not { } vectors || vectors.Count == 0 || top < 1)
        {
            return [];
        }

        if (query.Length != vectors.Dimension)
        {
            throw new ArgumentException($"The query vector has {query.Length} components; this shard's vectors have {vectors.Dimension} ({vectors.ModelId}).", nameof(query));
        }

        return vectors.Search(query.Span, new VectorSearchOptions { Top = top }, cancellationToken);
    }
}
