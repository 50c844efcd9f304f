using System.Text.RegularExpressions;

namespace Docent.Evaluation;

/// <summary>
/// Reference-based text-generation scores on lower-cased word and punctuation tokens: sentence BLEU (Papineni et
/// al. 2002: clipped n-gram precisions, geometric mean, brevity penalty against the closest reference length, with
/// optional smoothing method 1 of Chen &amp; Cherry 2014: zero match counts become 0.1) and ROUGE-L (Lin 2004:
/// F-measure over the longest common subsequence). Hand-written because the reference implementations are Python
/// (NLTK, rouge-score) and no .NET package in our set provides them. Stateless and thread-safe.
/// </summary>
public static partial class TextGenerationMetrics
{
    private const double SmoothingEpsilon = 0.1;

    /// <summary>Sentence BLEU of <paramref name="candidate"/> against <paramref name="references"/> with uniform weights up to <paramref name="maxN"/>-grams; 0 with no references or an empty candidate.</summary>
    public static double Bleu(string candidate, IReadOnlyList<string> references, int maxN = 4, bool smooth = true)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxN, 1);
        var hypothesis = Tokenize(candidate);
        var referenceTokens = references.Select(Tokenize).ToArray();
        if (hypothesis.Length == 0 || referenceTokens.Length == 0)
        {
            return 0.0;
        }

        var logSum = 0.0;
        for (var n = 1; n <= maxN; n++)
        {
            var counts = NGramCounts(hypothesis, n);
            var maxReferenceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var reference in referenceTokens)
            {
                foreach (var (gram, count) in NGramCounts(reference, n))
                {
                    maxReferenceCounts[gram] = Math.Max(count, maxReferenceCounts.GetValueOrDefault(gram));
                }
            }

            var clipped = counts.Sum(c => Math.Min(c.Value, maxReferenceCounts.GetValueOrDefault(c.Key)));
            var total = Math.Max(1, hypothesis.Length - n + 1);
            if (clipped == 0 && (!smooth || n == 1))
            {
                return 0.0; // as NLTK: no unigram match scores 0 even when smoothing
            }

            var precision = clipped == 0 ? SmoothingEpsilon / total : (double)clipped / total;
            logSum += Math.Log(precision) / maxN;
        }

        return BrevityPenalty(hypothesis.Length, referenceTokens) * Math.Exp(logSum);
    }

    /// <summary>ROUGE-L F-measure: F = (1 + β²)·R·P / (R + β²·P) with R = LCS/|reference| and P = LCS/|candidate|; 0 when nothing is shared.</summary>
    public static double RougeL(string candidate, string reference, double beta = 1.2)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        var candidateTokens = Tokenize(candidate);
        var referenceTokens = Tokenize(reference);
        var lcs = LongestCommonSubsequence(candidateTokens, referenceTokens);
        if (lcs == 0)
        {
            return 0.0;
        }

        var recall = (double)lcs / referenceTokens.Length;
        var precision = (double)lcs / candidateTokens.Length;
        var betaSquared = beta * beta;
        return (1 + betaSquared) * recall * precision / (recall + (betaSquared * precision));
    }

    internal static string[] Tokenize(string text) =>
        Token().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToArray();

    internal static int LongestCommonSubsequence(string[] a, string[] b)
    {
        // One row of the classic dynamic programme: previous[j] = LCS(a[..i], b[..j]).
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        foreach (var token in a)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = token == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static double BrevityPenalty(int candidateLength, string[][] references)
    {
        // Closest reference length; ties go to the shorter reference.
        var closest = references.Select(r => r.Length).OrderBy(l => Math.Abs(l - candidateLength)).ThenBy(l => l).First();
        return candidateLength > closest ? 1.0 : Math.Exp(1 - ((double)closest / candidateLength));
    }

    private static Dictionary<string, int> NGramCounts(string[] tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Length; i++)
        {
            var gram = string.Join('\u0001', tokens, i, n);
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+|[^\s\p{L}\p{N}]", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
