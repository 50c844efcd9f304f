using Docent.Storage;
using Docent.Vectors;
using Microsoft.Extensions.AI;

namespace Docent.Retrieval;

/// <summary>
/// Retrieves chunks by meaning: embeds the query with the same model as the chunks, finds the nearest vectors,
/// among the chunks the caller may read, then loads those chunks from the store. Thread-safe when the index is not being written.
/// </summary>
public sealed class VectorRetriever : IRetriever
{
    private readonly IVectorSearcher _index;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly SqliteDocumentStore _store;
    private readonly ChunkAccessFilters _access;

    /// <summary>
    /// Creates the retriever; <paramref name="generator"/> must be the model that filled <paramref name="index"/>, and
    /// <paramref name="access"/> is the folder's shared filter cache (null makes one of its own).
    /// </summary>
    public VectorRetriever(IVectorSearcher index, IEmbeddingGenerator<string, Embedding<float>> generator, SqliteDocumentStore store, ChunkAccessFilters? access = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(store);
        _index = index;
        _generator = generator;
        _store = store;
        _access = access ?? new ChunkAccessFilters(store);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();
        if (string.IsNullOrWhiteSpace(query) || _index.Count == 0)
        {
            return [];
        }

        var embedding = await _generator.GenerateAsync([query], cancellationToken: cancellationToken).ConfigureAwait(false);
        var filter = await _access.ForAsync(options.Access, cancellationToken).ConfigureAwait(false);
        var hits = _index.Search(embedding[0].Vector.Span, new VectorSearchOptions { Top = options.Top, Filter = filter }, cancellationToken);
        return await ChunkHydrator.HydrateAsync(_store, hits, options.Access, cancellationToken).ConfigureAwait(false);
    }
}
