using Docent.Text;

namespace Docent.Retrieval;

/// <summary>One <c>Use*</c> method per retriever decorator, and <see cref="AsBuilder"/> to start composing. Static; thread-safe.</summary>
public static class RetrieverBuilderExtensions
{
    /// <summary>A builder that starts from <paramref name="retriever"/>.</summary>
    public static RetrieverBuilder AsBuilder(this IRetriever retriever) => new(retriever);

    /// <summary>Re-orders the inner retriever's <paramref name="candidateCount"/> best with <paramref name="reranker"/> (<see cref="RerankingRetriever"/>).</summary>
    public static RetrieverBuilder UseReranking(this RetrieverBuilder builder, IReranker reranker, int candidateCount = RerankingRetriever.DefaultCandidateCount)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(reranker);
        return builder.Use(inner => new RerankingRetriever(inner, reranker, candidateCount));
    }

    /// <summary>
    /// Expands the query with RM3 pseudo-relevance feedback (<see cref="FeedbackRetriever"/>); the inner retriever must
    /// search by weighted terms (<see cref="IWeightedTermRetriever"/>, as <see cref="LexicalRetriever"/> does).
    /// </summary>
    public static RetrieverBuilder UseFeedback(this RetrieverBuilder builder, ITextAnalyzer analyzer, FeedbackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(analyzer);
        return builder.Use(inner => new FeedbackRetriever(
            inner as IWeightedTermRetriever ?? throw new InvalidOperationException($"Query feedback needs a retriever that searches by weighted terms; {inner.GetType().Name} does not."),
            analyzer,
            options));
    }

    /// <summary>Brings the indexes up to date before each search (<see cref="RefreshingRetriever"/>).</summary>
    public static RetrieverBuilder UseIndexRefresh(this RetrieverBuilder builder, Func<CancellationToken, Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(refresh);
        return builder.Use(inner => new RefreshingRetriever(inner, refresh));
    }

    /// <summary>Keeps one copy of a passage found in several files (<see cref="DuplicateCollapsingRetriever"/>).</summary>
    public static RetrieverBuilder UseDuplicateCollapsing(this RetrieverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new DuplicateCollapsingRetriever(inner));
    }

    /// <summary>Passes each result's text, heading path and title through <paramref name="redact"/> (<see cref="RedactingRetriever"/>).</summary>
    public static RetrieverBuilder UseRedaction(this RetrieverBuilder builder, Func<string, string> redact)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(redact);
        return builder.Use(inner => new RedactingRetriever(inner, redact));
    }

    /// <summary>Records each search as a "retrieve" activity and a stage duration (<see cref="TelemetryRetriever"/>).</summary>
    public static RetrieverBuilder UseTelemetry(this RetrieverBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new TelemetryRetriever(inner));
    }
}
