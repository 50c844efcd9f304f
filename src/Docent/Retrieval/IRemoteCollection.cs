using Microsoft.Extensions.AI;

namespace Docent.Retrieval;

/// <summary>
/// The search side of a collection whose chunks are held elsewhere — the shards of a cluster. A data folder opened with
/// one (<see cref="Hosting.ModelServices.RemoteCollection"/>) retrieves through it instead of its own indexes and keeps
/// everything above retrieval its own: fusion, duplicate collapsing, reranking, answering, conversations. Implementations
/// are thread-safe.
/// </summary>
public interface IRemoteCollection
{
    /// <summary>Keyword retrieval over the whole collection, scored as one index would score it.</summary>
    IWeightedTermRetriever Lexical { get; }

    /// <summary>
    /// The collection's languages, most chunks first (the candidates a query's language is identified among), as last
    /// seen; empty before the first search.
    /// </summary>
    IReadOnlyList<string> Languages { get; }

    /// <summary>Vector retrieval over the whole collection, embedding queries with <paramref name="queryEmbedder"/>.</summary>
    IRetriever CreateVectorRetriever(IEmbeddingGenerator<string, Embedding<float>> queryEmbedder);
}
