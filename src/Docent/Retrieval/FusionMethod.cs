namespace Docent.Retrieval;

/// <summary>How a hybrid retriever merges the lexical and vector rankings.</summary>
public enum FusionMethod
{
    /// <summary>
    /// Scores min-max normalised per ranking, then a weighted sum (convex combination). Bruch et al. 2023,
    /// "An Analysis of Fusion Functions for Hybrid Retrieval", found it beats RRF on most BEIR sets.
    /// </summary>
    MinMax,

    /// <summary>Reciprocal rank fusion, Σ 1/(k + rank) with k = 60 (Cormack et al. 2009): rank-only, no tuning.</summary>
    Rrf,
}
