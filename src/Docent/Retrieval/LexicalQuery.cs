using Docent.Text;

namespace Docent.Retrieval;

/// <summary>
/// A question analysed as the lexical indexes analyse it, for callers that search several indexes with one set of terms
/// (the shards of a collection): the same terms, weights and candidate languages give the same scores as one index.
/// Static; thread-safe.
/// </summary>
public static class LexicalQuery
{
    /// <summary>
    /// The query's distinct analysed terms in order of first appearance, each weighted by its count; the language is
    /// identified among <paramref name="candidateLanguages"/> (see <see cref="CandidateLanguages"/>).
    /// </summary>
    public static IReadOnlyList<WeightedTerm> Analyze(ITextAnalyzer analyzer, string query, IReadOnlyList<string> candidateLanguages)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidateLanguages);
        return Bm25Index.QueryTerms(analyzer, query, candidateLanguages).Select(t => new WeightedTerm(t.Term, t.Weight)).ToArray();
    }

    /// <summary>The languages a query is identified among, given live chunks per language: most chunks first, then by name, as an index orders them.</summary>
    public static IReadOnlyList<string> CandidateLanguages(IReadOnlyDictionary<string, int> languageCounts)
    {
        ArgumentNullException.ThrowIfNull(languageCounts);
        return languageCounts
            .Where(pair => pair.Value > 0)
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key)
            .ToArray();
    }
}
