using Docent.Answering;
using Docent.Text;

namespace Docent.Grounding;

/// <summary>
/// Splits text into words (runs of letters and digits, an apostrophe inside a word kept) and marks negation
/// cues: not, no, never, none, nobody, nothing, nowhere, neither, nor, cannot, without, and any "…n't".
/// Thread-safe (stateless).
/// </summary>
internal static class TextWords
{
    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "cannot", "without",
    };

    /// <summary>The words of text[from..to), each with the analyzer term that starts where it starts.</summary>
    public static List<WordInfo> Words(string text, int from, int to, IReadOnlyDictionary<int, string> termsByStart)
    {
        var words = new List<WordInfo>();
        var i = from;
        while (i < to)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < to && (char.IsLetterOrDigit(text[i])
                || (IsApostrophe(text[i]) && i + 1 < to && char.IsLetter(text[i + 1]) && i > start)))
            {
                i++;
            }

            var lower = text[start..i].ToLowerInvariant().Replace('’', '\'');
            words.Add(new WordInfo(start, lower, termsByStart.GetValueOrDefault(start), IsNegation(lower)));
        }

        return words;
    }

    /// <summary>The analyzer's terms keyed by where their surface starts.</summary>
    public static Dictionary<int, string> TermsByStart(IReadOnlyList<Token> tokens)
    {
        var terms = new Dictionary<int, string>(tokens.Count);
        foreach (var token in tokens)
        {
            terms.TryAdd(token.Start, token.Term);
        }

        return terms;
    }

    /// <summary>"Acme's" → "acme": the word without a possessive ending.</summary>
    public static string WithoutPossessive(string lower) =>
        lower.EndsWith("'s", StringComparison.Ordinal) ? lower[..^2] : lower;

    /// <summary>
    /// Whether a negation cue lies within <paramref name="window"/> words of a word whose term is in
    /// <paramref name="anchors"/>.
    /// </summary>
    public static string? NegationNear(IReadOnlyList<WordInfo> words, IReadOnlySet<string> anchors, int window)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!words[i].IsNegation)
            {
                continue;
            }

            var from = Math.Max(0, i - window);
            var to = Math.Min(words.Count - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (words[j].Term is { } term && anchors.Contains(term))
                {
                    return words[i].Lower;
                }
            }
        }

        return null;
    }

    private static bool IsNegation(string lower) =>
        Negations.Contains(lower) || lower.EndsWith("n't", StringComparison.Ordinal);

    private static bool IsApostrophe(char c) => c is '\'' or '’';
}
