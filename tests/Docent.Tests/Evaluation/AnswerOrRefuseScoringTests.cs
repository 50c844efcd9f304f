using Docent.Evaluation;

namespace Docent.Tests.Evaluation;

public sealed class AnswerOrRefuseScoringTests
{
    [Theory]
    [InlineData("", 1.0)]
    [InlineData("The.", 1.0)] // normalises to nothing: no answer
    [InlineData("Denver Broncos", 0.0)]
    public void An_unanswerable_question_scores_one_only_for_an_empty_prediction(string prediction, double expected) =>
        Assert.Equal(expected, SquadScoring.NoAnswerScore(prediction));

    [Fact]
    public void A_quote_covers_a_gold_sentence_holding_half_its_words()
    {
        const string gold = "Red blue green yellow .";
        Assert.True(GoldSentenceScoring.Covers("Red blue", gold)); // 2 of 4
        Assert.False(GoldSentenceScoring.Covers("Red", gold)); // 1 of 4
        Assert.False(GoldSentenceScoring.Covers("red red red", gold)); // a bag: "red" counts once
        Assert.True(GoldSentenceScoring.Covers("In Spanish the name means fish.", "The name means ' market ' in Spanish .")); // 4 of 5
        Assert.False(GoldSentenceScoring.Covers("Market prices rose.", "The name means ' market ' in Spanish .")); // 1 of 5
        Assert.False(GoldSentenceScoring.Covers("anything", "the .")); // an empty gold is never covered
    }

    [Fact]
    public void Citation_precision_and_recall_count_distinct_quotes_and_gold_sentences()
    {
        var (answered, precision, recall) = GoldSentenceScoring.Score(
            ["red blue", "purple", "red blue"],
            ["red blue green yellow", "cyan magenta"]);

        Assert.True(answered);
        Assert.Equal(0.5, precision); // "red blue" covers a gold sentence, "purple" none
        Assert.Equal(0.5, recall); // the first gold sentence is cited, the second not
    }

    [Fact]
    public void No_quotes_is_not_an_answer_and_has_no_precision()
    {
        Assert.Equal((false, (double?)null, 0.0), GoldSentenceScoring.Score([], ["red blue"]));
        Assert.Equal((false, (double?)0.0, 0.0), GoldSentenceScoring.Score(["purple"], ["red blue"]));
    }
}
