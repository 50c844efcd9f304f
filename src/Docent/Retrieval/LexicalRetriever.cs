using Docent.Storage;

namespace Docent.Retrieval;

/// <summary>
/// Retrieves chunks by keyword: ranks keys in the lexical index, then loads those chunks and their
/// documents from the store in one query. Thread-safe when the index is not being written.
/// </summary>
public sealed class LexicalRetriever : IWeightedTermRetriever
{
    private readonly ILexicalSearcher _index;
    private readonly SqliteDocumentStore _store;

    /// <summary>Creates the retriever over an index kept in step with <paramref name="store"/>.</summary>
    public LexicalRetriever(ILexicalSearcher index, SqliteDocumentStore store)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(store);
        _index = index;
        _store = store;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RetrievalOptions();
        options.Validate();

        return await HydrateAsync(_index.Search(query, new LexicalSearchOptions { Top = options.Top }, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        IReadOnlyList<WeightedTerm> terms, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        options ??= new RetrievalOptions();
        options.Validate();
        return await HydrateAsync(_index.Search(terms, new LexicalSearchOptions { Top = options.Top }, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<RetrievedChunk>> HydrateAsync(IReadOnlyList<ScoredKey> hits, CancellationToken cancellationToken) =>
        ChunkHydrator.HydrateAsync(_store, hits, cancellationToken);
}
