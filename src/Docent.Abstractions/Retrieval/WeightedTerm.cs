namespace Docent.Retrieval;

/// <summary>An already-analysed index term with its query weight (a plain query gives each term its count).</summary>
public readonly record struct WeightedTerm(string Term, double Weight);
