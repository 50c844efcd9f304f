using System.Text.RegularExpressions;
using Docent.Answering;
using Docent.Answering.Extractive;
using Docent.Answering.Generative;
using Docent.Grounding;
using Docent.Retrieval;

namespace Docent.Tests.Answering;

/// <summary>
/// Behaviour every <see cref="IAnswerGenerator"/> must share: the not-found answer, citations that point only at
/// passages that were given (with verbatim quotes), cancellation and option checks. One subclass per implementation;
/// generators behind a language model get a fake model that replies with the text each fact gives.
/// </summary>
public abstract partial class AnswerGeneratorConformanceTests
{
    private const string Question = "How many days of paid annual leave do full-time employees receive?";

    private const string SupportedReply = "Full-time employees receive 25 days of paid annual leave per year [1].";

    private static readonly IReadOnlyList<RetrievedChunk> Context = AnswerContext.Of(
        "Full-time employees receive 25 days of paid annual leave per year. Unused leave can be carried over until March 31.",
        "The office opens at 8:00 on weekdays. Visitors must sign in at the reception.",
        "Expense reports are not accepted after 30 days. Receipts must be attached to every report.");

    /// <summary>The generator under test; <paramref name="modelReply"/> is what its language model answers, if it has one.</summary>
    protected abstract IAnswerGenerator Create(string modelReply);

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Marker();

    [Fact]
    public virtual async Task No_passages_give_the_not_found_answer_without_citations()
    {
        var answer = await Create(SupportedReply).GenerateAsync(Question, []);

        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.Empty(answer.ClosestPassages);
        Assert.Equal(Question, answer.Question);
    }

    [Fact]
    public virtual async Task A_supported_answer_cites_given_passages_with_verbatim_quotes()
    {
        var answer = await Create(SupportedReply).GenerateAsync(Question, Context);

        Assert.True(answer.Found);
        Assert.Equal(Question, answer.Question);
        Assert.Contains("25 days", answer.Text, StringComparison.Ordinal);
        Assert.Equal(Context[0].Chunk.Id, answer.Citations[0].ChunkId);
        AssertCitesOnlyTheContext(answer);
    }

    [Fact]
    public virtual async Task A_marker_for_a_passage_that_was_not_given_never_survives()
    {
        var answer = await Create(SupportedReply + " Employees also receive a yearly bonus [7].").GenerateAsync(Question, Context);

        Assert.True(answer.Found);
        Assert.DoesNotContain("[7]", answer.Text, StringComparison.Ordinal);
        AssertCitesOnlyTheContext(answer);
    }

    [Fact]
    public virtual async Task A_question_the_passages_do_not_answer_is_not_found()
    {
        var answer = await Create(Answer.NotFoundText).GenerateAsync("What colour is the submarine's periscope?", Context);

        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.All(answer.ClosestPassages, p => Assert.Contains(Context, c => c.Chunk.Id == p.Chunk.Id));
    }

    [Fact]
    public virtual async Task A_cancelled_token_throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Create(SupportedReply).GenerateAsync(Question, Context, null, cancelled.Token));
    }

    [Fact]
    public virtual async Task Out_of_range_options_and_null_arguments_are_refused()
    {
        var generator = Create(SupportedReply);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => generator.GenerateAsync(Question, Context, new AnswerOptions { MaxSentences = 0 }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => generator.GenerateAsync(null!, Context));
        await Assert.ThrowsAsync<ArgumentNullException>(() => generator.GenerateAsync(Question, null!));
    }

    /// <summary>Citations are numbered 1..n, every marker in the text has one, and each quotes a given chunk verbatim at its span.</summary>
    private static void AssertCitesOnlyTheContext(Answer answer)
    {
        Assert.NotEmpty(answer.Citations);
        Assert.Equal(answer.Citations.Select(c => c.Index).Distinct().Count(), answer.Citations.Count);
        var indexes = answer.Citations.Select(c => c.Index).ToHashSet();
        Assert.All(Marker().Matches(answer.Text), m => Assert.Contains(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), indexes));
        foreach (var citation in answer.Citations)
        {
            var given = Assert.Single(Context, c => c.Chunk.Id == citation.ChunkId);
            Assert.Equal(given.Chunk.DocumentId, citation.DocumentId);
            Assert.Equal(given.Document.Source, citation.Source);
            Assert.Equal(given.Chunk.Text, citation.ChunkText);
            var local = (int)(citation.QuoteSpan.Start - given.Chunk.Span.Start);
            Assert.Equal(citation.Quote, given.Chunk.Text.Substring(local, citation.QuoteSpan.Length));
        }
    }
}
