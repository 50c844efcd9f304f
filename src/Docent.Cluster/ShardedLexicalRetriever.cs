using Docent.Retrieval;

namespace Docent.Cluster;

/// <summary>
/// Keyword retrieval over a sharded collection, for a data folder's pipeline: <see cref="ShardedCollection.SearchAsync(string, int, CancellationToken)"/>
/// with a missing shard turned into <see cref="PartialResultsException"/> unless the collection allows partial results.
/// Thread-safe.
/// </summary>
internal sealed class ShardedLexicalRetriever(ShardedCollection collection) : IWeightedTermRetriever
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();
        return Complete(collection, await collection.SearchAsync(query, options.Top, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(IReadOnlyList<WeightedTerm> terms, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        options ??= new RetrievalOptions();
        options.Validate();
        return Complete(collection, await collection.SearchAsync(terms, options.Top, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The hits of a complete result; a partial one's only when the collection allows them, else the error naming the missing shards.</summary>
    internal static IReadOnlyList<RetrievedChunk> Complete(ShardedCollection collection, ShardedSearchResult result) =>
        !result.IsPartial || collection.Options.AllowPartialResults
            ? result.Hits
            : throw new PartialResultsException(collection.Name, result.MissingShards, collection.ShardCount);
}
