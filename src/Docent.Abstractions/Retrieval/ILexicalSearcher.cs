namespace Docent.Retrieval;

/// <summary>
/// The search side of a keyword index over chunks, ranked by BM25 with field weights. What retrievers depend on.
/// Implementations allow many concurrent searches (see <see cref="ILexicalIndex"/> for writes).
/// </summary>
public interface ILexicalSearcher
{
    /// <summary>Number of live chunks in the index.</summary>
    int Count { get; }

    /// <summary>
    /// The languages of the live chunks (ISO 639-1, "und" where not told), most chunks first: the candidates a query's
    /// language is identified among. Empty for an index that does not track languages.
    /// </summary>
    IReadOnlyList<string> Languages => [];

    /// <summary>How many live chunks each language has (empty for an index that does not track languages).</summary>
    IReadOnlyDictionary<string, int> LanguageCounts => new Dictionary<string, int>();

    /// <summary>
    /// The figures this index scores with — live chunks, total field lengths, and the live document frequency of each of
    /// <paramref name="terms"/> (already analysed) — so a sharded collection can sum them across shards and search each
    /// with the sum (<see cref="LexicalSearchOptions.Statistics"/>). An index that cannot report them throws
    /// <see cref="NotSupportedException"/>.
    /// </summary>
    LexicalStatistics GetStatistics(IReadOnlyList<string> terms) =>
        throw new NotSupportedException($"{GetType().Name} does not report its statistics, so it cannot be a shard of a larger collection.");

    /// <summary>The best <see cref="LexicalSearchOptions.Top"/> chunks for <paramref name="query"/>, best first.</summary>
    IReadOnlyList<ScoredKey> Search(string query, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The best <see cref="LexicalSearchOptions.Top"/> chunks for terms already analysed by the index's analyzer,
    /// each scaling its BM25 contribution by its weight (used by query expansion).
    /// </summary>
    IReadOnlyList<ScoredKey> Search(IReadOnlyList<WeightedTerm> terms, LexicalSearchOptions? options = null, CancellationToken cancellationToken = default);
}
