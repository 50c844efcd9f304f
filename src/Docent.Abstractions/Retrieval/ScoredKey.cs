namespace Docent.Retrieval;

/// <summary>A search hit: a chunk key and its score (higher is better).</summary>
public readonly record struct ScoredKey(long Key, double Score);
