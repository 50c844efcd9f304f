namespace Docent.Retrieval;

/// <summary>A retriever that can also search by terms already analysed and weighted (an expanded query); query feedback needs one. Thread-safe.</summary>
public interface IWeightedTermRetriever : IRetriever
{
    /// <summary>The best chunks for <paramref name="terms"/>, best first.</summary>
    Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        IReadOnlyList<WeightedTerm> terms, RetrievalOptions? options = null, CancellationToken cancellationToken = default);
}
