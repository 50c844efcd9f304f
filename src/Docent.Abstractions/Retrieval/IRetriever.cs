namespace Docent.Retrieval;

/// <summary>Finds the chunks that best match a query. Thread-safe.</summary>
public interface IRetriever
{
    /// <summary>The best chunks for <paramref name="query"/>, best first.</summary>
    Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query,
        RetrievalOptions? options = null,
        CancellationToken cancellationToken = default);
}
