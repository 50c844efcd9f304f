namespace Docent.Retrieval;

/// <summary>
/// Sends each query to one of two retrievers by its language: hybrid search where the embedding model understands the
/// language, lexical search where it does not (an English model's vector of a Thai question only adds noise to the
/// fusion). The caller supplies the test, which identifies the query's language among the collection's. Thread-safe
/// when both retrievers and the test are.
/// </summary>
public sealed class LanguageRoutingRetriever : IRetriever
{
    private readonly IRetriever _understood;
    private readonly IRetriever _otherwise;
    private readonly Func<string, bool> _isUnderstood;

    /// <summary>
    /// Routes a query to <paramref name="understood"/> when <paramref name="isUnderstood"/> says the model understands
    /// its language, else to <paramref name="otherwise"/>.
    /// </summary>
    public LanguageRoutingRetriever(IRetriever understood, IRetriever otherwise, Func<string, bool> isUnderstood)
    {
        ArgumentNullException.ThrowIfNull(understood);
        ArgumentNullException.ThrowIfNull(otherwise);
        ArgumentNullException.ThrowIfNull(isUnderstood);
        _understood = understood;
        _otherwise = otherwise;
        _isUnderstood = isUnderstood;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return (_isUnderstood(query) ? _understood : _otherwise).RetrieveAsync(query, options, cancellationToken);
    }
}
