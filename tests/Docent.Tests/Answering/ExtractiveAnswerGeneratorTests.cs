using Docent.Answering;
using Docent.Answering.Extractive;
using Docent.Retrieval;
using Docent.Text;

namespace Docent.Tests.Answering;

public class ExtractiveAnswerGeneratorTests
{
    /// <summary>For tests of which sentence is chosen (the answer in a lower-ranked passage): no confidence threshold.</summary>
    private static readonly AnswerOptions ChoiceOnly = new() { MinConfidence = 0 };

    private readonly ExtractiveAnswerGenerator _generator = new(new EnglishAnalyzer(), new SentenceSplitter());

    [Fact]
    public async Task WhoQuestionCitesTheSentenceWithANameAsync()
    {
        var context = AnswerContext.Of(
            "Acme makes industrial robots for car factories. Acme was founded in 1998 in Springfield. " +
            "Acme was founded by Jane Doe and Robert Smith. Acme moved its headquarters in 2005.");

        var answer = await _generator.GenerateAsync("Who founded Acme?", context);

        Assert.True(answer.Found);
        Assert.Equal("Acme was founded by Jane Doe and Robert Smith.", answer.Citations[0].Quote);
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task ASentenceThatIntroducesACommandBringsTheCommandAlongAsync()
    {
        var context = AnswerContext.Of(
            "The tail command prints the last part of files. To change how many lines tail prints, run:\n\n" +
            "tail -n 20 notes.txt\n\nBy default it prints the last 10 lines.");

        var answer = await _generator.GenerateAsync("How do I change how many lines tail prints?", context);

        Assert.True(answer.Found);
        Assert.Equal("To change how many lines tail prints, run:", answer.Citations[0].Quote);
        Assert.Contains("tail -n 20 notes.txt", answer.Text, StringComparison.Ordinal);
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task WhenQuestionCitesTheSentenceWithADateAsync()
    {
        var context = AnswerContext.Of(
            "The tower was completed ahead of schedule, which surprised its critics.",
            "The Eiffel Tower was designed by the company of Gustave Eiffel. The Eiffel Tower is 330 metres tall. " +
            "The Eiffel Tower was completed in March 1889 for the World's Fair. Millions of people visit the tower.");

        var answer = await _generator.GenerateAsync("When was the Eiffel Tower completed?", context, ChoiceOnly);

        Assert.True(answer.Found);
        Assert.Equal("The Eiffel Tower was completed in March 1889 for the World's Fair.", answer.Citations[0].Quote);
        Assert.Equal("doc-2:0", answer.Citations[0].ChunkId);
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task HowManyQuestionCitesTheSentenceWithANumberAsync()
    {
        var context = AnswerContext.Of(
            "Acme employees enjoy flexible working hours. Acme has 4,200 employees across its offices. " +
            "Employees at Acme can join the pension plan.");

        var answer = await _generator.GenerateAsync("How many employees does Acme have?", context, ChoiceOnly);

        Assert.True(answer.Found);
        Assert.Equal("Acme has 4,200 employees across its offices.", answer.Citations[0].Quote);
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task WhereQuestionCitesTheSentenceWithALocationAsync()
    {
        var context = AnswerContext.Of(
            "The reset button restores the factory settings. Hold the reset button down for ten seconds. " +
            "The reset button is located on the back panel, next to the power socket.");

        var answer = await _generator.GenerateAsync("Where is the reset button?", context);

        Assert.True(answer.Found);
        Assert.Equal("The reset button is located on the back panel, next to the power socket.", answer.Citations[0].Quote);
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task HowToQuestionCitesTheProceduralSentenceAsync()
    {
        var context = AnswerContext.Of(
            "Passwords must be at least twelve characters long. The reset password link expires after a day. " +
            "To reset your password, open Settings and choose Security.");

        var answer = await _generator.GenerateAsync("How do I reset my password?", context);

        Assert.True(answer.Found);
        Assert.Equal("To reset your password, open Settings and choose Security.", answer.Citations[0].Quote);
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task HowToQuestionPrefersListStepsOverDescriptionAsync()
    {
        var context = AnswerContext.Of(
            "Printer drivers are updated by the vendor every quarter.",
            "Installing the printer driver:\n1. Download the printer driver from the vendor site.\n2. Run the installer.");

        var answer = await _generator.GenerateAsync("How do I install the printer driver?", context, ChoiceOnly);

        Assert.True(answer.Found);
        var quotes = answer.Citations.Select(c => c.Quote).ToList();
        var download = quotes.IndexOf("1. Download the printer driver from the vendor site.");
        Assert.True(download >= 0, answer.Text);
        Assert.Equal(download + 1, quotes.IndexOf("2. Run the installer."));
        Assert.DoesNotContain(quotes, q => q.StartsWith("Printer drivers are updated", StringComparison.Ordinal));
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task SecondSentenceIsAddedWhenItCoversMoreOfTheQuestionAsync()
    {
        var context = AnswerContext.Of(
            "Docent reads PDF, DOCX and HTML file formats. Docent was written in C#. " +
            "Docent answers questions in English and French languages.");

        var answer = await _generator.GenerateAsync("Which file formats and languages does Docent handle?", context);

        Assert.True(answer.Found);
        Assert.Equal(
            ["Docent reads PDF, DOCX and HTML file formats.", "Docent answers questions in English and French languages."],
            answer.Citations.Select(c => c.Quote));
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task AnswerTypeWordAloneDoesNotAddASentenceAsync()
    {
        var context = AnswerContext.Of(
            "The Pro plan includes priority support and unlimited projects. The Pro plan is billed at $30 per user per month.",
            "The Free plan costs nothing.");

        var answer = await _generator.GenerateAsync("How much does the Pro plan cost?", context);

        Assert.True(answer.Found);
        Assert.Equal(["The Pro plan is billed at $30 per user per month."], answer.Citations.Select(c => c.Quote));
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task DefinitionQuestionKeepsToTheDefiningSentenceAsync()
    {
        var context = AnswerContext.Of(
            "BM25 is a ranking function used by search engines to score documents. It was developed in the 1990s.",
            "Docent uses BM25 and vectors.");

        var answer = await _generator.GenerateAsync("What is BM25?", context);

        Assert.True(answer.Found);
        Assert.Equal(["BM25 is a ranking function used by search engines to score documents."], answer.Citations.Select(c => c.Quote));
    }

    [Fact]
    public async Task MaxSentencesIsRespectedAsync()
    {
        var context = AnswerContext.Of(
            "The backup service copies every database each night. The backup service keeps copies for thirty days. " +
            "The backup service encrypts each copy before upload. The backup service reports failures by email. " +
            "The backup service runs on the storage cluster.");
        const string Question = "What does the backup service do?";

        var byDefault = await _generator.GenerateAsync(Question, context);
        var one = await _generator.GenerateAsync(Question, context, new AnswerOptions { MaxSentences = 1 });
        var two = await _generator.GenerateAsync(Question, context, new AnswerOptions { MaxSentences = 2 });

        Assert.InRange(byDefault.Citations.Count, 2, 3);
        Assert.Single(one.Citations);
        Assert.Equal(2, two.Citations.Count);
        AssertWellFormed(byDefault, context);
        AssertWellFormed(one, context);
        AssertWellFormed(two, context);
    }

    [Fact]
    public async Task UnrelatedQuestionIsNotFoundWithClosestPassagesAsync()
    {
        var context = AnswerContext.Of(
            "Install the package with the command line tool.",
            "The configuration file lives in the home folder.",
            "Logs rotate every week.",
            "Upgrades keep the existing data.");

        var answer = await _generator.GenerateAsync("What is the capital of Australia?", context);

        AssertNotFound(answer);
        Assert.Equal(context.Take(3), answer.ClosestPassages);
    }

    [Fact]
    public async Task QuestionWhoseKeyTermsAreMissingIsNotFoundAsync()
    {
        var context = AnswerContext.Of(
            "The printer prints double-sided pages by default. Printer trays hold 250 sheets.",
            "Printer ink cartridges last about three months.");

        var answer = await _generator.GenerateAsync("How do I calibrate the thermal sensor of the printer?", context);

        AssertNotFound(answer);
        Assert.Equal(2, answer.ClosestPassages.Count);
    }

    [Fact]
    public async Task EmptyContextIsNotFoundAsync()
    {
        var answer = await _generator.GenerateAsync("Who founded Acme?", []);

        AssertNotFound(answer);
        Assert.Empty(answer.ClosestPassages);
    }

    [Fact]
    public async Task QuestionOfOnlyQuestionWordsIsNotFoundAsync()
    {
        var context = AnswerContext.Of("Acme was founded by Jane Doe.");

        var answer = await _generator.GenerateAsync("Who is it?", context);

        AssertNotFound(answer);
    }

    [Fact]
    public async Task DuplicateSentenceInOverlappingChunksIsCitedOnceAsync()
    {
        const string Sentence = "The API rate limit is 100 requests per minute.";
        var context = new[]
        {
            AnswerContext.Make("Authentication uses tokens. " + Sentence, 1, "api", 0),
            AnswerContext.Make(Sentence + " Bursts above the limit are rejected.", 2, "api", 1),
        };

        var answer = await _generator.GenerateAsync("What is the API rate limit?", context);

        Assert.True(answer.Found);
        Assert.Single(answer.Citations, c => c.Quote == Sentence);
        AssertWellFormed(answer, context);
    }

    [Fact]
    public async Task CitationCarriesProvenanceAsync()
    {
        var context = AnswerContext.Of(
            "Acme makes robots.",
            "Acme employees enjoy flexible hours. Acme has 4,200 employees worldwide.");

        var answer = await _generator.GenerateAsync("How many employees does Acme have?", context, ChoiceOnly);

        var citation = answer.Citations[0];
        var chunk = context[1];
        Assert.Equal(1, citation.Index);
        Assert.Equal(chunk.Chunk.Id, citation.ChunkId);
        Assert.Equal(chunk.Chunk.DocumentId, citation.DocumentId);
        Assert.Equal(chunk.Document.Source, citation.Source);
        Assert.Equal(chunk.Document.Title, citation.Title);
        Assert.Equal(chunk.Chunk.Page, citation.Page);
        Assert.Equal(chunk.Chunk.HeadingPath, citation.HeadingPath);
        Assert.Equal(chunk.Chunk.Text, citation.ChunkText);
        var offset = chunk.Chunk.Text.IndexOf("Acme has", StringComparison.Ordinal);
        Assert.Equal(chunk.Chunk.Span.Start + offset, citation.QuoteSpan.Start);
        Assert.Equal("Acme has 4,200 employees worldwide.".Length, citation.QuoteSpan.Length);
    }

    [Fact]
    public async Task SameInputGivesTheSameAnswerAsync()
    {
        var context = AnswerContext.Of(
            "The backup service copies every database each night. The backup service keeps copies for thirty days.",
            "The backup service copies every database each night. Backups are encrypted.",
            "Restores take about an hour.");
        const string Question = "How long does the backup service keep database copies?";
        var other = new ExtractiveAnswerGenerator(new EnglishAnalyzer(), new SentenceSplitter());

        var first = await _generator.GenerateAsync(Question, context);
        var second = await _generator.GenerateAsync(Question, context);
        var third = await other.GenerateAsync(Question, context);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Citations, second.Citations);
        Assert.Equal(first.Text, third.Text);
        Assert.Equal(first.Citations, third.Citations);
        Assert.Equal("The backup service keeps copies for thirty days.", first.Citations[0].Quote);
    }

    [Fact]
    public async Task OnlyTheTopChunksAreSearchedAsync()
    {
        var texts = Enumerable.Range(1, 8).Select(i => $"Release notes for version {i} list minor fixes.").ToList();
        texts.Add("The warranty covers water damage for two years.");
        var context = AnswerContext.Of([.. texts]);
        var wider = new ExtractiveAnswerGenerator(
            new EnglishAnalyzer(), new SentenceSplitter(), new ExtractiveAnswerOptions { MaxContextChunks = 9, ClosestPassages = 2 });

        var narrow = await _generator.GenerateAsync("Does the warranty cover water damage?", context, ChoiceOnly);
        var wide = await wider.GenerateAsync("Does the warranty cover water damage?", context, ChoiceOnly);

        AssertNotFound(narrow);
        Assert.Equal(context.Take(3), narrow.ClosestPassages);
        Assert.True(wide.Found);
        Assert.Equal("doc-9:0", wide.Citations[0].ChunkId);
        AssertWellFormed(wide, context);
    }

    [Fact]
    public async Task CancelledTokenThrowsAsync()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _generator.GenerateAsync("Who founded Acme?", AnswerContext.Of("Acme was founded by Jane Doe."), null, cts.Token));
    }

    [Fact]
    public async Task InvalidOptionsAreRejectedAsync()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ExtractiveAnswerGenerator(new EnglishAnalyzer(), new SentenceSplitter(), new ExtractiveAnswerOptions { MinCoverage = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _generator.GenerateAsync("Who?", [], new AnswerOptions { MaxSentences = 0 }));
    }

    private static void AssertNotFound(Answer answer)
    {
        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Empty(answer.Citations);
    }

    /// <summary>Markers [1]..[n] match the citations; quotes are verbatim and their spans map back into the chunk.</summary>
    private static void AssertWellFormed(Answer answer, IReadOnlyList<RetrievedChunk> context)
    {
        Assert.True(answer.Found);
        Assert.InRange(answer.Citations.Count, 1, 3);
        Assert.Equal(string.Join(" ", answer.Citations.Select(c => $"{c.Quote} [{c.Index}]")), answer.Text);
        Assert.Equal(Enumerable.Range(1, answer.Citations.Count), answer.Citations.Select(c => c.Index));
        Assert.DoesNotContain($"[{answer.Citations.Count + 1}]", answer.Text, StringComparison.Ordinal);
        foreach (var citation in answer.Citations)
        {
            var chunk = context.Single(c => c.Chunk.Id == citation.ChunkId).Chunk;
            Assert.Equal(chunk.Text, citation.ChunkText);
            var local = (int)(citation.QuoteSpan.Start - chunk.Span.Start);
            Assert.Equal(citation.Quote, chunk.Text.Substring(local, citation.QuoteSpan.Length));
            Assert.Equal(citation.Quote.Trim(), citation.Quote);
        }
    }
}
