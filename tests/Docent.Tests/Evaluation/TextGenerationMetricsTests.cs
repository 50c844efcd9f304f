using Docent.Evaluation;

namespace Docent.Tests.Evaluation;

public sealed class TextGenerationMetricsTests
{
    private const string Cat = "The cat sat on the mat.";

    [Fact]
    public void Tokens_are_lower_cased_words_and_single_punctuation_marks()
    {
        Assert.Equal(["the", "cat", "'", "s", "mat", ",", "2024", "!"], TextGenerationMetrics.Tokenize("The cat's MAT, 2024!"));
    }

    [Fact]
    public void Identical_strings_score_one()
    {
        Assert.Equal(1.0, TextGenerationMetrics.Bleu(Cat, [Cat]), 12);
        Assert.Equal(1.0, TextGenerationMetrics.RougeL(Cat, Cat), 12);
    }

    [Fact]
    public void Bigram_bleu_by_hand()
    {
        // Without the final "." (which both share, and would add to every count):
        // candidate [the cat sat on the mat], reference [the cat is on the mat], both length 6 → BP = 1.
        // Unigrams: the 2/2, cat 1, sat 0, on 1, mat 1 → p1 = 5/6.
        // Bigrams: the-cat ✓, cat-sat ✗, sat-on ✗, on-the ✓, the-mat ✓ → p2 = 3/5.
        // BLEU-2 = sqrt(5/6 · 3/5) = sqrt(1/2).
        Assert.Equal(Math.Sqrt(0.5), TextGenerationMetrics.Bleu("the cat sat on the mat", ["the cat is on the mat"], maxN: 2), 12);
    }

    [Fact]
    public void Smoothing_method_one_replaces_zero_counts()
    {
        // Continuing the example: trigrams the-cat-sat ✗, cat-sat-on ✗, sat-on-the ✗, on-the-mat ✓ → p3 = 1/4;
        // no 4-gram matches out of 3 → smoothed p4 = 0.1/3.
        // BLEU-4 = (5/6 · 3/5 · 1/4 · 0.1/3)^(1/4) = (1/240)^(1/4) ≈ 0.254062.
        Assert.Equal(Math.Pow(1.0 / 240, 0.25), TextGenerationMetrics.Bleu("the cat sat on the mat", ["the cat is on the mat"]), 12);
        Assert.Equal(0.0, TextGenerationMetrics.Bleu("the cat sat on the mat", ["the cat is on the mat"], smooth: false));
        // No unigram match at all stays 0 even when smoothing.
        Assert.Equal(0.0, TextGenerationMetrics.Bleu("dogs bark", ["the cat is on the mat"]));
    }

    [Fact]
    public void Counts_are_clipped_by_the_most_generous_reference()
    {
        // Papineni et al. 2002: "the" ×7; "the" occurs at most twice in one reference → p1 = 2/7.
        // Lengths 7 vs references 6 and 7: closest is 7 → BP = 1.
        var bleu = TextGenerationMetrics.Bleu("the the the the the the the", ["The cat is on the mat", "There is a cat on the mat"], maxN: 1);
        Assert.Equal(2.0 / 7, bleu, 12);
    }

    [Fact]
    public void Short_candidates_pay_the_brevity_penalty()
    {
        // [the cat] against a 6-token reference: p1 = 2/2, p2 = 1/1, BP = exp(1 - 6/2) = exp(-2).
        Assert.Equal(Math.Exp(-2), TextGenerationMetrics.Bleu("the cat", ["the cat sat on the mat"], maxN: 2), 12);
        // The closest reference (2 tokens, vs 6) sets the length → no penalty.
        Assert.Equal(1.0, TextGenerationMetrics.Bleu("the cat", ["the cat sat on the mat", "the cat"], maxN: 2), 12);
        Assert.Equal(0.0, TextGenerationMetrics.Bleu("", ["the cat"]));
        Assert.Equal(0.0, TextGenerationMetrics.Bleu("the cat", []));
    }

    [Fact]
    public void Rouge_l_matches_lin_2004()
    {
        // Lin 2004 §3.1: LCS(police killed the gunman, police kill the gunman) = 3 ("police the gunman"): R = P = 3/4, F = 3/4.
        Assert.Equal(0.75, TextGenerationMetrics.RougeL("police kill the gunman", "police killed the gunman"), 12);
        // "the gunman kill police" shares only "the gunman" in order: R = P = 1/2.
        Assert.Equal(0.5, TextGenerationMetrics.RougeL("the gunman kill police", "police killed the gunman"), 12);
    }

    [Fact]
    public void Rouge_l_weights_recall_by_beta()
    {
        // Candidate [a b c] vs reference [a x b y c z]: LCS 3, R = 3/6 = 0.5, P = 3/3 = 1, β² = 1.44:
        // F = 2.44 · 0.5 · 1 / (0.5 + 1.44 · 1) = 1.22 / 1.94.
        Assert.Equal(1.22 / 1.94, TextGenerationMetrics.RougeL("a b c", "a x b y c z"), 12);
        // β = 1 is the harmonic mean: 2 · 0.5 · 1 / 1.5 = 2/3.
        Assert.Equal(2.0 / 3, TextGenerationMetrics.RougeL("a b c", "a x b y c z", beta: 1), 12);
        Assert.Equal(0.0, TextGenerationMetrics.RougeL("dogs", "a x b"));
        Assert.Equal(0.0, TextGenerationMetrics.RougeL("", "a x b"));
    }
}
