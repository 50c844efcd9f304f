using Docent.Storage;

namespace Docent.Retrieval;

/// <summary>
/// Retrieves chunks by keyword: ranks keys in the lexical index (only the chunks the caller may read, scored with their
/// figures alone), then loads those chunks and their documents from the store in one query. Thread-safe when the index is
/// not being written.
/// </summary>
public sealed class LexicalRetriever : IWeightedTermRetriever
{
    private readonly ILexicalSearcher _index;
    private readonly SqliteDocumentStore _store;
    private readonly ChunkAccessFilters _access;

    /// <summary>
    /// Creates the retriever over an index kept in step with <paramref name="store"/>; <paramref name="access"/> is the
    /// folder's shared filter cache (null makes one of its own).
    /// </summary>
    public LexicalRetriever(ILexicalSearcher index, SqliteDocumentStore store, ChunkAccessFilters? access = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(store);
        _index = index;
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
        var search = await SearchOptionsAsync(options, cancellationToken).ConfigureAwait(false);
        return await HydrateAsync(_index.Search(query, search, cancellationToken), options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        IReadOnlyList<WeightedTerm> terms, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        options ??= new RetrievalOptions();
        options.Validate();
        var search = await SearchOptionsAsync(options, cancellationToken).ConfigureAwait(false);
        return await HydrateAsync(_index.Search(terms, search, cancellationToken), options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LexicalSearchOptions> SearchOptionsAsync(RetrievalOptions options, CancellationToken cancellationToken) =>
        new() { Top = options.Top, Filter = await _access.ForAsync(options.Access, cancellationToken).ConfigureAwait(false) };

    private Task<IReadOnlyList<RetrievedChunk>> HydrateAsync(IReadOnlyList<ScoredKey> hits, RetrievalOptions options, CancellationToken cancellationToken) =>
        ChunkHydrator.HydrateAsync(_store, hits, options.Access, cancellationToken);
}
