namespace Docent.Retrieval;

/// <summary>Which retrievers answer a query.</summary>
public enum RetrievalMode
{
    /// <summary>BM25 over the lexical index only (the embedded default).</summary>
    Lexical,

    /// <summary>Nearest neighbours of the query's embedding only.</summary>
    Vector,

    /// <summary>Both in parallel, fused.</summary>
    Hybrid,
}
