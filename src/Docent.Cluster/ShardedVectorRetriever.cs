using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Cluster;

/// <summary>
/// Vector retrieval over a sharded collection: the query is embedded once here, each shard returns its nearest chunks,
/// and the lists merge by similarity. Thread-safe.
/// </summary>
internal sealed class ShardedVectorRetriever(ShardedCollection collection, IEmbeddingGenerator<string, Embedding<float>> queryEmbedder) : IRetriever
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var embedding = await queryEmbedder.GenerateAsync([query], cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = await collection.SearchVectorsAsync(embedding[0].Vector, options.Top, cancellationToken).ConfigureAwait(false);
        return ShardedLexicalRetriever.Complete(collection, result);
    }
}
