namespace Docent.Retrieval;

/// <summary>
/// Composes a retriever from an inner one and decorators, as <c>ChatClientBuilder</c> does: the first
/// <see cref="Use"/> is the outermost decorator, the inner retriever the last to run. The <c>Use*</c> extensions in
/// <see cref="RetrieverBuilderExtensions"/> add one concern each. Not thread-safe while building; what it builds is
/// as thread-safe as its parts.
/// </summary>
public sealed class RetrieverBuilder
{
    private readonly IRetriever _inner;
    private readonly List<Func<IRetriever, IRetriever>> _decorators = [];

    /// <summary>Starts from <paramref name="innerRetriever"/>, the retriever that searches an index.</summary>
    public RetrieverBuilder(IRetriever innerRetriever)
    {
        ArgumentNullException.ThrowIfNull(innerRetriever);
        _inner = innerRetriever;
    }

    /// <summary>Adds a decorator; it wraps everything added after it.</summary>
    public RetrieverBuilder Use(Func<IRetriever, IRetriever> decorator)
    {
        ArgumentNullException.ThrowIfNull(decorator);
        _decorators.Add(decorator);
        return this;
    }

    /// <summary>The composed retriever.</summary>
    public IRetriever Build()
    {
        var retriever = _inner;
        for (var i = _decorators.Count - 1; i >= 0; i--)
        {
            retriever = _decorators[i](retriever) ?? throw new InvalidOperationException($"Retriever decorator {i} returned null.");
        }

        return retriever;
    }
}
