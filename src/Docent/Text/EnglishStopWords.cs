namespace Docent.Text;

/// <summary>
/// The English stop words <see cref="EnglishAnalyzer"/> drops: articles, pronouns, auxiliaries, common
/// prepositions and conjunctions (written for this project, apostrophes removed as the analyzer does).
/// Thread-safe (immutable).
/// </summary>
internal static class EnglishStopWords
{
    /// <summary>The stop words.</summary>
    internal static readonly string[] Words =
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "either", "few", "for", "from", "further", "had",
        "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
        "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "neither", "no",
        "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
        "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
        "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
        "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
        "whom", "whose", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
    ];

    /// <summary>The stop words, looked up by span without allocating.</summary>
    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        new HashSet<string>(Words, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>How many stop words there are.</summary>
    public static int Count => Words.Length;
}
