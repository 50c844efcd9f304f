using Docent.Answering;
using Docent.Answering.Extractive;
using Docent.Text;

namespace Docent.Tests.Answering;

/// <summary>The extractive answer's confidence and the refusals it drives.</summary>
public class AnswerConfidenceTests
{
    private readonly ExtractiveAnswerGenerator _generator = new(new EnglishAnalyzer(), new SentenceSplitter());

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("???")]
    [InlineData("the of and")]
    [InlineData("1 2 3")]
    public async Task AQuestionWithNoContentWordIsRefusedEvenWithNoThresholdAsync(string question)
    {
        var context = AnswerContext.Of("Rule 1 = 1 applies to the and of sections 2 and 3. Questions??? Answers!");

        var answer = await _generator.GenerateAsync(question, context, new AnswerOptions { MinConfidence = 0 });

        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Equal(0, answer.Confidence);
        Assert.Single(answer.ClosestPassages);
    }

    [Fact]
    public async Task AnOnTopicQuestionTheDocumentsCannotAnswerIsRefusedWithTheClosestPassagesAsync()
    {
        var context = AnswerContext.Of(
            "Annual leave is 27 days for full-time employees. Leave requests go to your manager.",
            "Parental leave is 20 weeks on full pay.",
            "Sick leave needs a doctor's note after three days.");

        var answer = await _generator.GenerateAsync("How many days of sabbatical leave do contractors get after five years?", context);

        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
        Assert.Equal(3, answer.ClosestPassages.Count);
        Assert.Equal("doc-1:0", answer.ClosestPassages[0].Chunk.Id);
        Assert.NotNull(answer.Confidence);
        Assert.True(answer.Confidence < AnswerConfidence.DefaultThreshold, $"confidence {answer.Confidence}");
    }

    [Fact]
    public async Task AnAnswerCarriesItsConfidenceAndEvidenceAsync()
    {
        var context = AnswerContext.Of("Acme was founded by Jane Doe and Robert Smith in 1998.");

        var answer = await _generator.GenerateAsync("Who founded Acme?", context);

        Assert.True(answer.Found);
        Assert.InRange(answer.Confidence!.Value, AnswerConfidence.DefaultThreshold, 1);
        Assert.Equal(AnswerConfidence.InputNames, answer.ConfidenceEvidence!.Keys);
    }

    [Fact]
    public void ConfidenceRisesWithTheShareOfTheQuestionTheSentenceHolds()
    {
        var none = new AnswerConfidenceFeatures(
            Coverage: 0, OwnCoverage: 0, ContextCoverage: 1, PassageCoverage: 1, MissingFromPassage: 0, CueMatch: 1, Proximity: 1,
            PassageRank: 0, PassageScoreShare: 1, RetrievalMargin: 0.2, SentenceMargin: 0.1, QuestionTerms: 4);
        var all = none with { Coverage = 1, OwnCoverage = 1 };
        var half = none with { Coverage = 0.5, OwnCoverage = 0.5 };

        Assert.True(AnswerConfidence.Compute(all) > AnswerConfidence.Compute(half));
        Assert.True(AnswerConfidence.Compute(half) > AnswerConfidence.Compute(none));
    }

    [Fact]
    public async Task ASentenceWithAllTheQuestionTermsScoresAboveOneWithFewAsync()
    {
        var question = "When did the Hudson ferry start service?";
        var full = await _generator.GenerateAsync(question, AnswerContext.Of("The Hudson ferry started service in 1812."), new AnswerOptions { MinConfidence = 0 });
        var partial = await _generator.GenerateAsync(question, AnswerContext.Of("The ferry is painted red. Boats were common in 1812."), new AnswerOptions { MinConfidence = 0 });

        Assert.True(full.Found);
        Assert.True(full.Confidence > (partial.Confidence ?? 0), $"{full.Confidence} vs {partial.Confidence}");
    }

    [Fact]
    public async Task TheQuestionsThresholdOverridesTheDefaultAsync()
    {
        var context = AnswerContext.Of("Acme was founded by Jane Doe and Robert Smith in 1998.");

        var strict = await _generator.GenerateAsync("Who founded Acme?", context, new AnswerOptions { MinConfidence = 1 });

        Assert.False(strict.Found);
        Assert.Single(strict.ClosestPassages);
        Assert.True(strict.Confidence > 0);
    }
}
