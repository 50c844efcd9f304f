using System.Text.RegularExpressions;
using Docent.Answering;
using Docent.Answering.Generative;
using Docent.Grounding;
using Docent.Retrieval;
using Docent.Tests.TestSupport;
using Docent.Text;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Answering;

public sealed class LlmAnswerGeneratorTests
{
    private const string Question = "How many days of leave do employees get?";

    private static readonly IReadOnlyList<RetrievedChunk> Context = AnswerContext.Of(
        "Full-time employees receive 25 days of paid annual leave per year. Unused leave can be carried over until March 31.",
        "The office opens at 8:00 on weekdays. Visitors must sign in at the reception.",
        "Expense reports are not accepted after 30 days. Receipts must be attached to every report.");

    [Fact]
    public async Task The_prompt_numbers_the_sources_with_title_page_and_section()
    {
        var client = new FakeChatClient(Answer.NotFoundText);

        await Generator(client).GenerateAsync(Question, Context);

        var (messages, options) = Assert.Single(client.Calls);
        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Contains(Answer.NotFoundText, messages[0].Text);
        Assert.Contains("Today's date is 2024-05-06.", messages[0].Text);
        var user = messages[^1];
        Assert.Equal(ChatRole.User, user.Role);
        Assert.Contains("[1] Title: Document doc-1 | Page: 1 | Section: Guide > Section 1\nFull-time employees receive 25 days", user.Text);
        Assert.Contains("[3] Title: Document doc-3 | Page: 3 | Section: Guide > Section 3\nExpense reports", user.Text);
        Assert.EndsWith("Question: " + Question, user.Text);
        Assert.Equal(0f, options!.Temperature);
        Assert.Equal(512, options.MaxOutputTokens);
    }

    [Fact]
    public async Task MaxOutputTokens_lowers_the_models_limit_but_never_raises_it()
    {
        var client = new FakeChatClient(Answer.NotFoundText);

        await Generator(client).GenerateAsync(Question, Context, new AnswerOptions { MaxOutputTokens = 40 });
        await Generator(client).GenerateAsync(Question, Context, new AnswerOptions { MaxOutputTokens = 100_000 });

        Assert.Equal([40, 512], client.Calls.Select(c => c.Options!.MaxOutputTokens));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnswerOptions { MaxOutputTokens = 0 }.Validate());
    }

    [Fact]
    public async Task The_models_usage_and_a_stop_at_its_limit_come_with_the_answer_whole_and_streamed()
    {
        const string Reply = "Full-time employees receive 25 days of paid annual leave per year [1].";
        var client = new FakeChatClient(Reply) { Usage = new UsageDetails { InputTokenCount = 321, OutputTokenCount = 17 }, FinishReason = ChatFinishReason.Length };

        var whole = await Generator(client).GenerateAsync(Question, Context);
        Answer? streamed = null;
        await foreach (var update in Generator(client).GenerateStreamingAsync(Question, Context))
        {
            streamed = update.Answer ?? streamed;
        }

        foreach (var answer in new[] { whole, streamed! })
        {
            Assert.Equal(new AnswerUsage(321, 17), answer.Usage);
            Assert.True(answer.Truncated);
            Assert.Equal(Reply, answer.Text);
        }

        var plain = await Generator(new FakeChatClient(Reply)).GenerateAsync(Question, Context);
        Assert.Null(plain.Usage);
        Assert.False(plain.Truncated);
    }

    [Fact]
    public async Task A_supported_answer_gets_citations_with_the_supporting_quote_and_its_span()
    {
        var client = new FakeChatClient("Full-time employees receive 25 days of paid annual leave per year [1]. Unused leave can be carried over until March 31 [1].");

        var answer = await Generator(client).GenerateAsync(Question, Context);

        Assert.True(answer.Found);
        Assert.Empty(answer.Unsupported);
        Assert.Equal("fake-model", answer.Model);
        var citation = Assert.Single(answer.Citations);
        var chunk = Context[0].Chunk;
        Assert.Equal(1, citation.Index);
        Assert.Equal(chunk.Id, citation.ChunkId);
        Assert.Equal("Full-time employees receive 25 days of paid annual leave per year.", citation.Quote);
        Assert.Equal(chunk.Span.Start, citation.QuoteSpan.Start);
        Assert.Equal(citation.Quote, chunk.Text.Substring((int)(citation.QuoteSpan.Start - chunk.Span.Start), citation.QuoteSpan.Length));
        Assert.Equal(1, citation.Page);
    }

    [Fact]
    public async Task Unsupported_sentences_are_listed_and_kept_by_default()
    {
        const string Reply = "Full-time employees receive 30 days of paid annual leave per year [1]. Visitors must sign in at the reception [2].";
        var answer = await Generator(new FakeChatClient(Reply)).GenerateAsync(Question, Context);

        Assert.True(answer.Found);
        Assert.Equal(Reply, answer.Text);
        var unsupported = Assert.Single(answer.Unsupported);
        Assert.Equal("Full-time employees receive 30 days of paid annual leave per year [1].", unsupported.Sentence);
        Assert.Contains("\"30\"", unsupported.Reason);
        Assert.False(unsupported.Dropped);
        Assert.Equal([1, 2], answer.Citations.Select(c => c.Index));
    }

    [Fact]
    public async Task DropUnsupported_removes_them_and_keeps_only_the_citations_still_used()
    {
        const string Reply = "Full-time employees receive 30 days of paid annual leave per year [1]. Visitors must sign in at the reception [2]. The cafeteria serves lunch [5].";
        var answer = await Generator(new FakeChatClient(Reply)).GenerateAsync(Question, Context, new AnswerOptions { DropUnsupported = true });

        Assert.Equal("Visitors must sign in at the reception [2].", answer.Text);
        Assert.Equal(2, answer.Unsupported.Count);
        Assert.All(answer.Unsupported, u => Assert.True(u.Dropped));
        Assert.StartsWith("cites [5], but only 3 sources were given", answer.Unsupported[1].Reason);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(2, citation.Index);
        Assert.Equal("Visitors must sign in at the reception.", citation.Quote);
    }

    [Fact]
    public async Task Dropping_every_sentence_leaves_a_not_found_answer()
    {
        var answer = await Generator(new FakeChatClient("Employees get 40 days [1]."))
            .GenerateAsync(Question, Context, new AnswerOptions { DropUnsupported = true });

        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Single(answer.Unsupported);
        Assert.Equal(Context, answer.ClosestPassages);
    }

    [Fact]
    public async Task The_not_found_reply_gives_a_not_found_answer_with_the_context()
    {
        var answer = await Generator(new FakeChatClient(" I could not find this in the documents.\n")).GenerateAsync("What is the Wi-Fi password?", Context);

        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.Equal(Context, answer.ClosestPassages);
        Assert.Equal("fake-model", answer.Model);
    }

    [Fact]
    public async Task An_empty_context_answers_not_found_without_calling_the_model()
    {
        var client = new FakeChatClient("Should not be asked [1].");

        var answer = await Generator(client).GenerateAsync(Question, []);

        Assert.False(answer.Found);
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task Streaming_yields_the_deltas_then_the_checked_answer()
    {
        const string Reply = "Full-time employees receive 25 days of paid annual leave per year [1]. Visitors must sign in at the reception [2].";
        var client = new FakeChatClient(Reply, modelId: "stream-model") { ChunkSize = 5 };

        var updates = new List<AnswerUpdate>();
        await foreach (var update in Generator(client).GenerateStreamingAsync(Question, Context))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count > 10);
        Assert.All(updates[..^1], u => Assert.False(u.IsFinal));
        var final = updates[^1].Answer!;
        Assert.Equal(final.Text, string.Concat(updates[..^1].Select(u => u.Delta)));
        Assert.Equal(Reply, final.Text);
        Assert.Equal("stream-model", final.Model);
        Assert.Equal([1, 2], final.Citations.Select(c => c.Index));
    }

    [Fact]
    public async Task A_reply_wrapped_in_whitespace_streams_the_same_text_as_the_final_answer()
    {
        const string Reply = " \n  Full-time employees receive   25 days\nof paid annual leave per year [1]. \n ";
        var client = new FakeChatClient(Reply) { ChunkSize = 2 };

        var updates = new List<AnswerUpdate>();
        await foreach (var update in Generator(client).GenerateStreamingAsync(Question, Context))
        {
            updates.Add(update);
        }

        var final = updates[^1].Answer!;
        Assert.Equal(Reply.Trim(), final.Text);
        Assert.Equal(final.Text, string.Concat(updates[..^1].Select(u => u.Delta)));
    }

    [Fact]
    public async Task Streaming_and_non_streaming_give_the_same_answer()
    {
        const string Reply = "Expense reports are accepted after 30 days [3]. Receipts must be attached to every report [3].";
        var generator = Generator(new FakeChatClient(Reply) { ChunkSize = 3 });

        var plain = await generator.GenerateAsync(Question, Context);
        Answer? streamed = null;
        await foreach (var update in generator.GenerateStreamingAsync(Question, Context))
        {
            streamed = update.Answer ?? streamed;
        }

        Assert.NotNull(streamed);
        Assert.Equal(plain.Text, streamed.Text);
        Assert.Equal(plain.Citations, streamed.Citations);
        Assert.Equal(plain.Unsupported, streamed.Unsupported);
        Assert.Contains("negation mismatch", Assert.Single(plain.Unsupported).Reason);
    }

    [Fact]
    public async Task A_huge_context_is_cut_to_the_token_budget_best_first()
    {
        var sentence = "The reimbursement committee reviews every travel claim, checks each receipt against the approved budget, and records its decision. ";
        var passages = Enumerable.Range(1, 40).Select(i => $"Passage {i}. " + string.Concat(Enumerable.Repeat(sentence, 12))).ToArray();
        var context = AnswerContext.Of(passages);
        var counter = TiktokenTokenCounter.ForModel("gpt-4o");
        var client = new FakeChatClient(Answer.NotFoundText);
        var options = new LlmAnswerOptions { ContextWindowTokens = 2048, MaxOutputTokens = 256, MaxSources = 40 };

        var generator = new LlmAnswerGenerator(client, Checker(), new SentenceSplitter(), options, tokenCounter: counter, timeProvider: new FixedTime());
        await generator.GenerateAsync(Question, context);

        var messages = Assert.Single(client.Calls).Messages;
        var promptTokens = messages.Sum(m => counter.CountTokens(m.Text) + 4) + 3;
        Assert.True(promptTokens <= 2048 - 256, $"prompt {promptTokens} tokens");
        Assert.True(promptTokens > 2048 - 256 - 200, $"prompt {promptTokens} tokens leaves the budget unused");
        var user = messages[^1].Text;
        Assert.Contains("[1] Title: Document doc-1", user);
        Assert.Contains("Passage 1.", user);
        Assert.DoesNotContain("Passage 40.", user);
        Assert.DoesNotContain("[40]", user);
    }

    [Fact]
    public async Task A_passage_too_long_to_fit_whole_is_cut_after_a_sentence()
    {
        var sentences = Enumerable.Range(1, 300).Select(i => $"Rule {i} says that badge number {i} opens door {i}.").ToArray();
        var context = AnswerContext.Of(string.Join(" ", sentences), "A short second passage.");
        var client = new FakeChatClient("Rule 2 says that badge number 2 opens door 2 [1].");
        var options = new LlmAnswerOptions { ContextWindowTokens = 1024, MaxOutputTokens = 128 };

        var answer = await new LlmAnswerGenerator(client, Checker(), new SentenceSplitter(), options, timeProvider: new FixedTime())
            .GenerateAsync(Question, context);

        var user = client.LastUserMessage;
        var shown = user[(user.IndexOf("Rule 1 ", StringComparison.Ordinal))..user.IndexOf("\n</source-", user.IndexOf("Rule 1 ", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.StartsWith(shown, context[0].Chunk.Text, StringComparison.Ordinal);
        Assert.EndsWith(".", shown);
        Assert.True(shown.Length < context[0].Chunk.Text.Length / 2);
        Assert.True(answer.Found);
        Assert.Empty(answer.Unsupported);
        Assert.Equal("Rule 2 says that badge number 2 opens door 2.", Assert.Single(answer.Citations).Quote);
    }

    [Fact]
    public async Task Templates_from_an_override_folder_are_used()
    {
        using var dir = new TempDirectory();
        dir.Write("prompts/system.txt", "Answer tersely. Not found: {{not_found}}");
        dir.Write("prompts/user.txt", "Q={{question}}\n{{sources}}\n({{source_count}} sources)");
        dir.Write("prompts/examples.txt", string.Empty);
        var client = new FakeChatClient(Answer.NotFoundText);

        await new LlmAnswerGenerator(client, Checker(), new SentenceSplitter(), templates: PromptTemplates.Load(Path.Combine(dir.Path, "prompts")), timeProvider: new FixedTime())
            .GenerateAsync(Question, Context);

        var messages = Assert.Single(client.Calls).Messages;
        Assert.Equal(2, messages.Count);
        Assert.Equal("Answer tersely. Not found: " + Answer.NotFoundText, messages[0].Text);
        Assert.Matches(@"^Q=" + Regex.Escape(Question) + @"\n<source-[0-9a-f]{12}>\n\[1\] Title:", messages[1].Text);
        Assert.EndsWith("(3 sources)", messages[1].Text);
    }

    [Fact]
    public async Task The_options_model_id_is_asked_for_and_reported()
    {
        var client = new FakeChatClient("Visitors must sign in at the reception [2].", modelId: null);
        var generator = new LlmAnswerGenerator(client, Checker(), new SentenceSplitter(), new LlmAnswerOptions { ModelId = "gpt-4o-mini" });

        var answer = await generator.GenerateAsync(Question, Context);

        Assert.Equal("gpt-4o-mini", client.Calls[0].Options!.ModelId);
        Assert.Equal("gpt-4o-mini", answer.Model);
    }

    [Fact]
    public async Task Cancellation_before_the_call_propagates()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var client = new FakeChatClient(Answer.NotFoundText);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator(client).GenerateAsync(Question, Context, null, cts.Token));
        Assert.Empty(client.Calls);
    }

    [Fact]
    public async Task Cancellation_mid_stream_propagates()
    {
        using var cts = new CancellationTokenSource();
        var client = new FakeChatClient("Full-time employees receive 25 days of paid annual leave per year [1].")
        {
            ChunkSize = 4,
            AfterPiece = piece =>
            {
                if (piece == 2)
                {
                    cts.Cancel();
                }
            },
        };
        var deltas = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in Generator(client).GenerateStreamingAsync(Question, Context).WithCancellation(cts.Token))
            {
                Assert.False(update.IsFinal);
                deltas++;
            }
        });
        Assert.InRange(deltas, 1, 4);
    }

    [Fact]
    public void Options_out_of_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmAnswerOptions { MaxOutputTokens = 5000 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmAnswerOptions { Temperature = 3 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LlmAnswerOptions { MaxSources = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GroundingOptions { MinCoverage = 1.5 }.Validate());
    }

    [Fact]
    public async Task Templates_too_big_for_the_window_are_an_error()
    {
        var templates = new PromptTemplates(string.Concat(Enumerable.Repeat("Be careful. ", 600)), "{{sources}}\n{{question}}");
        var generator = new LlmAnswerGenerator(
            new FakeChatClient(Answer.NotFoundText), Checker(), new SentenceSplitter(), new LlmAnswerOptions { ContextWindowTokens = 1024, MaxOutputTokens = 256 }, templates);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(Question, Context));
        Assert.Contains("context window of 1024", error.Message);
    }

    private static LlmAnswerGenerator Generator(FakeChatClient client) =>
        new(client, Checker(), new SentenceSplitter(), timeProvider: new FixedTime());

    private static GroundingChecker Checker() => new(new EnglishAnalyzer(), new SentenceSplitter());

    /// <summary>A clock fixed at 2024-05-06 12:00 UTC, with UTC as the local zone.</summary>
    private sealed class FixedTime : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => new(2024, 5, 6, 12, 0, 0, TimeSpan.Zero);
    }
}
