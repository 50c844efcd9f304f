namespace Docent.Retrieval;

/// <summary>
/// The base of retriever decorators (reranking, feedback, index refresh, telemetry), as <c>DelegatingChatClient</c> is for
/// chat clients: passes every call to <see cref="InnerRetriever"/> unless a subclass overrides it. Composed with
/// <see cref="RetrieverBuilder"/>. Thread-safe when the inner retriever is.
/// </summary>
public abstract class DelegatingRetriever : IRetriever
{
    /// <summary>Wraps <paramref name="innerRetriever"/>.</summary>
    protected DelegatingRetriever(IRetriever innerRetriever)
    {
        ArgumentNullException.ThrowIfNull(innerRetriever);
        InnerRetriever = innerRetriever;
    }

    /// <summary>The decorated retriever.</summary>
    public IRetriever InnerRetriever { get; }

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default) =>
        InnerRetriever.RetrieveAsync(query, options, cancellationToken);
}
