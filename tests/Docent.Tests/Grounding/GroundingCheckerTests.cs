using Docent.Answering;
using Docent.Answering.Generative;
using Docent.Grounding;
using Docent.Tests.TestSupport;
using Docent.Text;

namespace Docent.Tests.Grounding;

public sealed class GroundingCheckerTests
{
    private static readonly GroundingPassage[] Sources =
    [
        new("Full-time employees receive 25 days of paid annual leave per year. Unused leave can be carried over until March 31.", "Employee handbook\nLeave"),
        new("The office in Berlin opens at 8:00 on weekdays. Visitors must sign in at the reception.", "Office guide"),
        new("Expense reports are not accepted after 30 days. Receipts must be attached to every report.", "Finance policy\nExpenses"),
    ];

    private readonly GroundingChecker _checker = new(new EnglishAnalyzer(), new SentenceSplitter());

    [Fact]
    public async Task A_sentence_stated_by_its_source_is_supported()
    {
        var report = await _checker.CheckAsync("Full-time employees receive 25 days of paid annual leave per year [1].", Sources);

        var verdict = Assert.Single(report.Sentences);
        Assert.True(verdict.Checked);
        Assert.True(verdict.Supported, verdict.Reason);
        Assert.Equal([1], verdict.Citations);
        Assert.Equal(1.0, verdict.Coverage);
        var support = verdict.Support[0];
        Assert.Equal(1, support.Source);
        Assert.Equal("Full-time employees receive 25 days of paid annual leave per year.", Sources[0].Text.Substring(support.Span.Start, support.Span.Length));
        Assert.True(report.AllSupported);
    }

    [Fact]
    public async Task An_invented_number_is_unsupported_and_named()
    {
        var report = await _checker.CheckAsync("Full-time employees receive 30 days of paid annual leave per year [1].", Sources);

        var verdict = Assert.Single(report.Sentences);
        Assert.False(verdict.Supported);
        Assert.Contains("\"30\"", verdict.Reason);
        Assert.Contains("[1]", verdict.Reason);
    }

    [Theory]
    [InlineData("Full-time employees receive twenty-five days of paid annual leave [1].")]
    [InlineData("Unused leave can be carried over until 31 March [1].")]
    [InlineData("The office opens at 8:00 [2].")]
    [InlineData("Expense reports are not accepted after 30 days [3].")]
    public async Task Numbers_written_differently_but_equal_are_supported(string answer)
    {
        var verdict = Assert.Single((await _checker.CheckAsync(answer, Sources)).Sentences);

        Assert.True(verdict.Supported, verdict.Reason);
    }

    [Fact]
    public async Task A_claim_citing_the_wrong_source_is_unsupported_and_the_right_source_suggested()
    {
        var report = await _checker.CheckAsync("The office in Berlin opens at 8:00 on weekdays [1].", Sources);

        var verdict = Assert.Single(report.Sentences);
        Assert.False(verdict.Supported);
        Assert.Contains("the cited source [1]", verdict.Reason);
        Assert.Contains("source [2] supports it", verdict.Reason);
    }

    [Fact]
    public async Task A_citation_number_with_no_source_is_reported_and_removed()
    {
        var report = await _checker.CheckAsync("Visitors must sign in at the reception [7].", Sources);

        var verdict = Assert.Single(report.Sentences);
        Assert.False(verdict.Supported);
        Assert.Equal([7], verdict.InvalidCitations);
        Assert.Empty(verdict.Citations);
        Assert.StartsWith("cites [7], but only 3 sources were given", verdict.Reason);
        Assert.Contains("source [2] supports it", verdict.Reason);
        Assert.Equal("Visitors must sign in at the reception.", GroundingChecker.Rewrite(report, dropUnsupported: false));
    }

    [Theory]
    [InlineData("Visitors must sign in at the reception [2][7].", "Visitors must sign in at the reception [2].")]
    [InlineData("Visitors must sign in at the reception [2, 7].", "Visitors must sign in at the reception [2].")]
    public async Task An_invalid_number_beside_a_valid_one_is_removed_and_the_sentence_judged_on_the_rest(string answer, string expected)
    {
        var report = await _checker.CheckAsync(answer, Sources);

        var verdict = Assert.Single(report.Sentences);
        Assert.True(verdict.Supported, verdict.Reason);
        Assert.Equal([2], verdict.Citations);
        Assert.Equal([7], verdict.InvalidCitations);
        Assert.Equal(expected, GroundingChecker.Rewrite(report, dropUnsupported: true));
    }

    [Fact]
    public async Task A_sentence_without_a_citation_is_unsupported()
    {
        var report = await _checker.CheckAsync("Visitors must sign in at the reception.", Sources);

        var verdict = Assert.Single(report.Sentences);
        Assert.False(verdict.Supported);
        Assert.StartsWith("no citation", verdict.Reason);
    }

    [Theory]
    [InlineData("Expense reports are accepted after 30 days [3].", "\"not\"")]
    [InlineData("Unused leave cannot be carried over [1].", "\"cannot\"")]
    [InlineData("Unused leave can't be carried over until March 31 [1].", "\"can't\"")]
    public async Task A_negation_in_one_but_not_the_other_is_a_mismatch(string answer, string cue)
    {
        var verdict = Assert.Single((await _checker.CheckAsync(answer, Sources)).Sentences);

        Assert.False(verdict.Supported);
        Assert.Contains("negation mismatch", verdict.Reason);
        Assert.Contains(cue, verdict.Reason);
    }

    [Fact]
    public async Task A_name_the_source_does_not_hold_is_unsupported()
    {
        var verdict = Assert.Single((await _checker.CheckAsync("The office in Munich opens at 8:00 on weekdays [2].", Sources)).Sentences);

        Assert.False(verdict.Supported);
        Assert.Contains("\"Munich\"", verdict.Reason);
        Assert.DoesNotContain("content words", verdict.Reason);
    }

    [Fact]
    public async Task Words_of_the_title_and_headings_count_as_the_sources()
    {
        var verdict = Assert.Single((await _checker.CheckAsync("The finance policy says receipts must be attached to every report [3].", Sources)).Sentences);

        Assert.True(verdict.Supported, verdict.Reason);
    }

    [Fact]
    public async Task Low_word_coverage_is_unsupported_and_the_missing_words_listed()
    {
        var verdict = Assert.Single((await _checker.CheckAsync("Managers approve holiday requests within two weeks [1].", Sources)).Sentences);

        Assert.False(verdict.Supported);
        Assert.Contains("content words are in the cited source [1]", verdict.Reason);
        Assert.Contains("Managers", verdict.Reason);
        Assert.True(verdict.Coverage < 0.5);
    }

    [Fact]
    public async Task The_not_found_sentence_and_lead_ins_are_not_checked()
    {
        var report = await _checker.CheckAsync(Answer.NotFoundText + "\n\nThe steps are:\n- Visitors must sign in at the reception [2].", Sources);

        Assert.Equal(3, report.Sentences.Count);
        Assert.False(report.Sentences[0].Checked);
        Assert.False(report.Sentences[1].Checked);
        Assert.True(report.Sentences[2].Supported, report.Sentences[2].Reason);
        Assert.True(report.AllSupported);
    }

    [Fact]
    public async Task Markers_after_the_full_stop_belong_to_the_sentence_before()
    {
        var answer = "Visitors must sign in at the reception. [2] Receipts must be attached to every report.[3] The office opens at 8:00. [2]";
        var report = await _checker.CheckAsync(answer, Sources);

        Assert.Equal(3, report.Sentences.Count);
        Assert.Equal("Visitors must sign in at the reception. [2]", report.Sentences[0].Sentence);
        Assert.Equal("Receipts must be attached to every report.[3]", report.Sentences[1].Sentence);
        Assert.Equal([2], report.Sentences[0].Citations);
        Assert.Equal([3], report.Sentences[1].Citations);
        Assert.Equal([2], report.Sentences[2].Citations);
        Assert.True(report.AllSupported, string.Join(" | ", report.Sentences.Select(s => s.Reason)));
    }

    [Fact]
    public async Task Dropping_removes_unsupported_sentences_and_their_list_lines_only()
    {
        var answer = "Full-time employees receive 25 days of paid annual leave per year [1]. They receive 40 days after ten years [1]. Visitors must sign in at the reception [2].\n\n"
            + "- Receipts must be attached to every report [3].\n- Reports go to Oslo [3].\n- Expense reports are not accepted after 30 days [3].";
        var report = await _checker.CheckAsync(answer, Sources);

        Assert.Equal(6, report.Sentences.Count);
        Assert.Equal([true, false, true, true, false, true], report.Sentences.Select(s => s.Supported));
        Assert.Equal(answer, GroundingChecker.Rewrite(report, dropUnsupported: false));
        Assert.Equal(
            "Full-time employees receive 25 days of paid annual leave per year [1]. Visitors must sign in at the reception [2].\n\n"
            + "- Receipts must be attached to every report [3].\n- Expense reports are not accepted after 30 days [3].",
            GroundingChecker.Rewrite(report, dropUnsupported: true));
    }

    [Fact]
    public async Task Dropping_the_last_sentence_of_a_line_takes_the_space_before_it()
    {
        var report = await _checker.CheckAsync("Visitors must sign in at the reception [2]. Reports go to Oslo [3].", Sources);

        Assert.Equal("Visitors must sign in at the reception [2].", GroundingChecker.Rewrite(report, dropUnsupported: true));
    }

    [Fact]
    public async Task A_close_paraphrase_passes_with_embeddings_but_not_without()
    {
        const string Paraphrase = "Staff working full time get a holiday allowance of 25 days [1].";
        var lexical = Assert.Single((await _checker.CheckAsync(Paraphrase, Sources)).Sentences);
        Assert.False(lexical.Supported);
        Assert.Contains("content words", lexical.Reason);

        // The fake model puts the paraphrase and the source sentence on nearly the same direction, others apart.
        var embeddings = new FakeEmbeddingGenerator(text =>
            text.Contains("holiday", StringComparison.Ordinal) || text.StartsWith("Full-time", StringComparison.Ordinal)
                ? [1f, 0.1f, 0f]
                : [0f, 0f, 1f]);
        var withEmbeddings = new GroundingChecker(new EnglishAnalyzer(), new SentenceSplitter(), embeddingGenerator: embeddings);
        var verdict = Assert.Single((await withEmbeddings.CheckAsync(Paraphrase, Sources)).Sentences);

        Assert.True(verdict.Supported, verdict.Reason);
        Assert.Equal(1, embeddings.Calls);
        Assert.True(verdict.Support[0].Similarity > 0.99);
    }

    [Fact]
    public async Task Embeddings_do_not_excuse_an_invented_number()
    {
        var embeddings = new FakeEmbeddingGenerator(_ => [1f, 0f]);
        var checker = new GroundingChecker(new EnglishAnalyzer(), new SentenceSplitter(), embeddingGenerator: embeddings);

        var verdict = Assert.Single((await checker.CheckAsync("Full-time employees receive 30 days of paid annual leave per year [1].", Sources)).Sentences);

        Assert.False(verdict.Supported);
        Assert.Contains("\"30\"", verdict.Reason);
    }

    [Fact]
    public async Task The_default_few_shot_answer_passes_its_own_check()
    {
        // The example in examples.txt shows the model what a grounded answer looks like; it must be one.
        var example = PromptTemplates.Default.Examples;
        var sources = new GroundingPassage[]
        {
            new("Economy class is booked for flights under 6 hours. Business class may be booked for longer flights with a manager's approval.", "Travel policy\nFlights"),
            new("Visitors park in the east lot.", "Office guide\nParking"),
        };
        Assert.Contains(sources[0].Text, example[0].Text);

        var report = await _checker.CheckAsync(example[1].Text, sources);

        Assert.True(report.AllSupported, string.Join(" | ", report.Sentences.Select(s => s.Reason)));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _checker.CheckAsync("Anything [1].", Sources, cts.Token));
    }
}
