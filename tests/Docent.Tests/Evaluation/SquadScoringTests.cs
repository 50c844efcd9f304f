using Docent.Evaluation;

namespace Docent.Tests.Evaluation;

public sealed class SquadScoringTests
{
    [Theory]
    [InlineData("The  Denver Broncos!", "denver broncos")]
    [InlineData("an apple, a pear and THE plum.", "apple pear and plum")]
    [InlineData("theatre anthem", "theatre anthem")] // articles only as whole words
    [InlineData("Saint-Louis's \"team\"", "saintlouiss team")] // punctuation is deleted, not replaced by a space
    [InlineData("  \t\n ", "")]
    [InlineData("Élan a–b", "élan –b")] // non-ASCII letters and dashes are kept; the en dash is a word boundary, so "a" goes (as in Python)
    public void Normalize_follows_the_official_script(string input, string expected)
    {
        Assert.Equal(expected, SquadScoring.Normalize(input));
    }

    [Fact]
    public void Exact_match_ignores_articles_case_and_punctuation_and_takes_the_best_gold()
    {
        Assert.Equal(1.0, SquadScoring.ExactMatch("the Denver Broncos", ["Denver Broncos"]));
        Assert.Equal(0.0, SquadScoring.ExactMatch("Broncos", ["Denver Broncos"]));
        Assert.Equal(1.0, SquadScoring.ExactMatch("Broncos.", ["Denver Broncos", "broncos"]));
        Assert.Equal(0.0, SquadScoring.ExactMatch("Broncos", []));
    }

    [Fact]
    public void F1_is_token_overlap()
    {
        // "broncos won" vs "denver broncos": 1 common token; P = 1/2, R = 1/2, F1 = 0.5.
        Assert.Equal(0.5, SquadScoring.F1("Broncos won", ["Denver Broncos"]), 12);
        // "the denver broncos team" → [denver, broncos, team] vs [denver, broncos]: P = 2/3, R = 1, F1 = 2·(2/3)/(5/3) = 0.8.
        Assert.Equal(0.8, SquadScoring.F1("the Denver Broncos team", ["Denver Broncos"]), 12);
        // Best over golds: 0.5 against the first, 1 against the second.
        Assert.Equal(1.0, SquadScoring.F1("Broncos won", ["Denver Broncos", "broncos won"]), 12);
        Assert.Equal(0.0, SquadScoring.F1("Carolina Panthers", ["Denver Broncos"]), 12);
    }

    [Fact]
    public void F1_clips_repeated_tokens()
    {
        // [broncos, broncos] vs [denver, broncos]: only one "broncos" is common; P = 1/2, R = 1/2, F1 = 0.5.
        Assert.Equal(0.5, SquadScoring.F1("Broncos Broncos", ["Denver Broncos"]), 12);
    }

    [Fact]
    public void Empty_answers_score_zero_as_in_v1_1()
    {
        Assert.Equal(0.0, SquadScoring.F1("the", ["a"]), 12);
        Assert.Equal(1.0, SquadScoring.ExactMatch("the", ["a"]));
    }

    [Fact]
    public void Contains_needs_a_contiguous_token_run()
    {
        const string text = "In 2016, the Denver Broncos beat the Carolina Panthers.";
        Assert.True(SquadScoring.Contains(text, ["Denver Broncos"]));
        Assert.True(SquadScoring.Contains(text, ["nowhere", "Carolina Panthers!"]));
        Assert.False(SquadScoring.Contains(text, ["Broncos Denver"]));
        Assert.False(SquadScoring.Contains(text, ["Bronco"])); // tokens, not substrings
        Assert.False(SquadScoring.Contains(text, ["the"])); // normalises to nothing
    }

    [Fact]
    public void Contains_finds_answers_in_scripts_without_spaces_and_next_to_any_punctuation()
    {
        // A Chinese answer sits inside an unspaced run: each Han character is a token, so it is found.
        Assert.True(SquadScoring.Contains("第50届超级碗由丹佛野马队赢得。", ["丹佛野马队"]));
        Assert.False(SquadScoring.Contains("第50届超级碗由丹佛野马队赢得。", ["卡罗来纳黑豹队"]));

        // The Arabic comma and full-width punctuation are punctuation, as ASCII commas are.
        Assert.True(SquadScoring.Contains("فاز فريق دنفر برونكوز، ثم عاد إلى المدينة.", ["دنفر برونكوز"]));
        Assert.True(SquadScoring.Contains("“Denver Broncos” won", ["Denver Broncos"]));

        // Exact match and F1 stay the official SQuAD v1.1 scoring (ASCII punctuation only).
        Assert.Equal(0.0, SquadScoring.ExactMatch("Broncos”", ["Broncos"]));
    }
}
