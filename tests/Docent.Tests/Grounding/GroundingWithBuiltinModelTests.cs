using Docent.Answering;
using Docent.Grounding;
using Docent.Tests.Models;
using Docent.Text;

namespace Docent.Tests.Grounding;

/// <summary>
/// The grounding check with the embedding model every install now has (all-MiniLM-L6-v2, loaded once for the class),
/// as the LLM path runs it by default: the paraphrase the words alone reject passes, and none of the unsupported
/// sentences the word checks catch is excused by meaning.
/// </summary>
public sealed class GroundingWithBuiltinModelTests(PackagedMiniLMFixture fixture) : IClassFixture<PackagedMiniLMFixture>
{
    private static readonly GroundingPassage[] Sources =
    [
        new("Full-time employees receive 25 days of paid annual leave per year. Unused leave can be carried over until March 31.", "Employee handbook\nLeave"),
        new("The office in Berlin opens at 8:00 on weekdays. Visitors must sign in at the reception.", "Office guide"),
        new("Expense reports are not accepted after 30 days. Receipts must be attached to every report.", "Finance policy\nExpenses"),
    ];

    private GroundingChecker Checker() => new(new EnglishAnalyzer(), new SentenceSplitter(), embeddingGenerator: fixture.Generator);

    [Fact]
    public async Task A_close_paraphrase_passes_by_meaning()
    {
        const string Paraphrase = "Staff working full time get a holiday allowance of 25 days [1]."; // cosine 0.72 with the source sentence
        var wordsOnly = Assert.Single((await new GroundingChecker(new EnglishAnalyzer(), new SentenceSplitter()).CheckAsync(Paraphrase, Sources)).Sentences);
        var verdict = Assert.Single((await Checker().CheckAsync(Paraphrase, Sources)).Sentences);

        Assert.False(wordsOnly.Supported);
        Assert.True(verdict.Supported, verdict.Reason);
    }

    [Theory]
    [InlineData("Full-time employees receive 30 days of paid annual leave per year [1].")] // invented number
    [InlineData("Expense reports are accepted after 30 days [3].")] // negation dropped
    [InlineData("The office in Munich opens at 8:00 on weekdays [2].")] // a name the source does not hold
    [InlineData("Managers approve holiday requests within two weeks [1].")] // on topic, not stated
    [InlineData("Receipts must be attached to every report [1].")] // stated, but by another source than the one cited
    public async Task Unsupported_sentences_stay_unsupported(string answer)
    {
        var verdict = Assert.Single((await Checker().CheckAsync(answer, Sources)).Sentences);

        Assert.False(verdict.Supported, $"excused: {answer}");
    }
}
