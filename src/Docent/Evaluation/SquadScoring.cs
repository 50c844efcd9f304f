using System.Text;
using System.Text.RegularExpressions;

namespace Docent.Evaluation;

/// <summary>
/// Answer scoring as in the official SQuAD v1.1 evaluate script (Rajpurkar et al. 2016): answers are normalised
/// (lower case, ASCII punctuation removed, the articles a/an/the removed, whitespace collapsed), then compared by
/// exact match and by bag-of-tokens F1, each the best over the gold answers. Hand-written because the reference
/// is a Python script; <see cref="Contains"/> is our addition for checking that an answer span appears in a text, with
/// the multilingual normalisation of the MLQA evaluation script (Lewis et al. 2020), which XQuAD results are reported
/// with: all Unicode punctuation removed, not only ASCII, and each character of a script written without spaces (Han,
/// kana, Thai, Lao, Khmer, Myanmar) a token of its own, so "丹佛野马队" is found inside "…由丹佛野马队赢得。".
/// Stateless and thread-safe.
/// </summary>
public static partial class SquadScoring
{
    // Python's string.punctuation.
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>The SQuAD normalisation of <paramref name="text"/>: lower case, no punctuation, no articles, single spaces.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (!Punctuation.Contains(c))
            {
                builder.Append(c);
            }
        }

        var withoutArticles = Articles().Replace(builder.ToString(), " ");
        return string.Join(' ', Tokens(withoutArticles));
    }

    /// <summary>1 when the normalised prediction equals some normalised gold answer, else 0.</summary>
    public static double ExactMatch(string prediction, IReadOnlyList<string> golds)
    {
        ArgumentNullException.ThrowIfNull(golds);
        var normalised = Normalize(prediction);
        return golds.Any(g => Normalize(g) == normalised) ? 1.0 : 0.0;
    }

    /// <summary>The best token-level F1 between the normalised prediction and each normalised gold answer (0 for no golds).</summary>
    public static double F1(string prediction, IReadOnlyList<string> golds)
    {
        ArgumentNullException.ThrowIfNull(golds);
        var predicted = Tokens(Normalize(prediction));
        return golds.Count == 0 ? 0.0 : golds.Max(g => F1(predicted, Tokens(Normalize(g))));
    }

    /// <summary>
    /// Whether some non-empty gold answer occurs as a contiguous run of tokens in the text, both normalised for any
    /// language (<see cref="ContainsTokens"/>).
    /// </summary>
    public static bool Contains(string text, IReadOnlyList<string> golds)
    {
        ArgumentNullException.ThrowIfNull(golds);
        var haystack = ContainsTokens(text);
        foreach (var gold in golds)
        {
            var needle = ContainsTokens(gold);
            if (needle.Length == 0)
            {
                continue;
            }

            for (var start = 0; start + needle.Length <= haystack.Length; start++)
            {
                if (haystack.AsSpan(start, needle.Length).SequenceEqual(needle))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// EM and F1 of a prediction for an unanswerable question, as the official SQuAD 2.0 script scores it: 1 when the
    /// normalised prediction is empty (the system gave no answer, or refused), else 0.
    /// </summary>
    public static double NoAnswerScore(string prediction) => Normalize(prediction).Length == 0 ? 1.0 : 0.0;

    /// <summary>
    /// The tokens <see cref="Contains"/> compares: lower case, every Unicode punctuation mark removed, the English
    /// articles removed, split on white space, and each character of a script written without spaces a token.
    /// </summary>
    internal static string[] ContainsTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsPunctuation(c) || Punctuation.Contains(c))
            {
                builder.Append(' ');
            }
            else if (Text.ScriptRanges.IsWrittenWithoutSpaces(c))
            {
                builder.Append(' ').Append(c).Append(' ');
            }
            else
            {
                builder.Append(c);
            }
        }

        return Tokens(Articles().Replace(builder.ToString(), " "));
    }

    /// <summary>The normalised tokens of <paramref name="text"/> (<see cref="Normalize"/>, split on white space).</summary>
    internal static string[] NormalizedTokens(string text) => Tokens(Normalize(text));

    // As the v1.1 script: no common token (including both empty) scores 0.
    private static double F1(string[] predicted, string[] gold)
    {
        var goldCounts = gold.CountBy(t => t, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var common = 0;
        foreach (var token in predicted)
        {
            if (goldCounts.TryGetValue(token, out var left) && left > 0)
            {
                goldCounts[token] = left - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0.0;
        }

        var precision = (double)common / predicted.Length;
        var recall = (double)common / gold.Length;
        return 2 * precision * recall / (precision + recall);
    }

    private static string[] Tokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\b(a|an|the)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Articles();
}
