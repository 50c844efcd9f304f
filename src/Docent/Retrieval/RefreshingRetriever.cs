namespace Docent.Retrieval;

/// <summary>
/// A retriever decorator that brings the indexes up to date before each search (the data folder passes its
/// index refresh), so a long-running reader such as the server finds what another process ingested since it
/// opened the folder. Thread-safe when the inner retriever and the refresh are.
/// </summary>
public sealed class RefreshingRetriever : IRetriever
{
    private readonly IRetriever _inner;
    private readonly Func<CancellationToken, Task> _refresh;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="refresh"/> runs before every search.</summary>
    public RefreshingRetriever(IRetriever inner, Func<CancellationToken, Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(refresh);
        _inner = inner;
        _refresh = refresh;
    }

    /// <summary>The decorated retriever.</summary>
    public IRetriever Inner => _inner;

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _refresh(cancellationToken).ConfigureAwait(false);
        return await _inner.RetrieveAsync(query, options, cancellationToken).ConfigureAwait(false);
    }
}
