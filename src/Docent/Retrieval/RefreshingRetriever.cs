namespace Docent.Retrieval;

/// <summary>
/// A retriever decorator that brings the indexes up to date before each search (the data folder passes its
/// index refresh), so a long-running reader such as the server finds what another process ingested since it
/// opened the folder. Thread-safe when the inner retriever and the refresh are.
/// </summary>
public sealed class RefreshingRetriever : DelegatingRetriever
{
    private readonly Func<CancellationToken, Task> _refresh;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="refresh"/> runs before every search.</summary>
    public RefreshingRetriever(IRetriever inner, Func<CancellationToken, Task> refresh)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        _refresh = refresh;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _refresh(cancellationToken).ConfigureAwait(false);
        return await InnerRetriever.RetrieveAsync(query, options, cancellationToken).ConfigureAwait(false);
    }
}
