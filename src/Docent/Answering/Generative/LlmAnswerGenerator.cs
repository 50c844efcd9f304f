using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Docent.Chunking;
using Docent.Diagnostics;
using Docent.Grounding;
using Docent.Retrieval;
using Docent.Text;
using Microsoft.Extensions.AI;

namespace Docent.Answering.Generative;

/// <summary>
/// Answers with a language model behind an <see cref="IChatClient"/>, then checks the answer. The prompt comes
/// from <see cref="PromptTemplates"/>: the sources, numbered [1]..[n] best first with title, page and
/// heading path, as many as fit the token budget (<see cref="LlmAnswerOptions"/>); the model is told to answer
/// only from them, cite [n] after every sentence, or reply with exactly <see cref="Answer.NotFoundText"/>.
/// The reply is then run through the <see cref="IGroundingChecker"/>: citation numbers with no source are
/// removed, unsupported sentences are listed in <see cref="Answer.Unsupported"/> (and removed from the text
/// with <see cref="AnswerOptions.DropUnsupported"/>), and each cited source becomes a <see cref="Citation"/>
/// whose quote is the source sentence that best supports the answer sentence citing it. Sources are fenced as
/// untrusted data (<see cref="SourceFence"/>) and the system prompt puts its own rules above the question and both
/// above anything a source says; an answer citing a flagged source begins with a caution and lists it in
/// <see cref="Answer.Warnings"/> (<see cref="Safety.InjectionCaution"/>). With no source to
/// give (empty context, or none fits) the model is not called and the answer is "not found".
/// Thread-safe when the chat client is.
/// </summary>
public sealed class LlmAnswerGenerator : IStreamingAnswerGenerator
{
    /// <summary>Tokens a chat format adds per message (role and delimiters), as OpenAI's counting guide gives it.</summary>
    private const int TokensPerMessage = 4;

    /// <summary>Tokens that prime the reply.</summary>
    private const int ReplyPriming = 3;

    private readonly IChatClient _chatClient;
    private readonly IGroundingChecker _checker;
    private readonly ISentenceSplitter _splitter;
    private readonly PromptTemplates _templates;
    private readonly ITokenCounter _counter;
    private readonly TimeProvider _time;
    private readonly int _contextWindow;
    private readonly int _maxOutput;
    private readonly float _temperature;
    private readonly int _maxSources;
    private readonly string? _modelId;

    /// <summary>
    /// Creates a generator over <paramref name="chatClient"/>. <paramref name="splitter"/> cuts passages that do
    /// not fit whole; <paramref name="templates"/> defaults to <see cref="PromptTemplates.Default"/>;
    /// <paramref name="tokenCounter"/> to <see cref="TiktokenTokenCounter"/> for the options' model id or else
    /// the client's default model; <paramref name="timeProvider"/> (for {{date}}) to the system clock.
    /// </summary>
    public LlmAnswerGenerator(
        IChatClient chatClient,
        IGroundingChecker groundingChecker,
        ISentenceSplitter splitter,
        LlmAnswerOptions? options = null,
        PromptTemplates? templates = null,
        ITokenCounter? tokenCounter = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(groundingChecker);
        ArgumentNullException.ThrowIfNull(splitter);
        options ??= new LlmAnswerOptions();
        options.Validate();
        _chatClient = chatClient;
        _checker = groundingChecker;
        _splitter = splitter;
        _templates = templates ?? PromptTemplates.Default;
        _time = timeProvider ?? TimeProvider.System;
        _contextWindow = options.ContextWindowTokens;
        _maxOutput = options.MaxOutputTokens;
        _temperature = options.Temperature;
        _maxSources = options.MaxSources;
        _modelId = options.ModelId ?? chatClient.GetService<ChatClientMetadata>()?.DefaultModelId;
        _counter = tokenCounter ?? TiktokenTokenCounter.ForModel(_modelId);
    }

    /// <inheritdoc />
    public async Task<Answer> GenerateAsync(
        string question,
        IReadOnlyList<RetrievedChunk> context,
        AnswerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var prompt = Prepare(question, context, options, cancellationToken);
        if (prompt.Sources.Count == 0)
        {
            return NotFound(prompt, _modelId, []);
        }

        var response = await _chatClient.GetResponseAsync(prompt.Messages, prompt.ChatOptions, cancellationToken).ConfigureAwait(false);
        var answer = await FinishAsync(prompt, response.Text, response.ModelId, cancellationToken).ConfigureAwait(false);
        return answer with { Usage = UsageOf(response.Usage), Truncated = response.FinishReason == ChatFinishReason.Length };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AnswerUpdate> GenerateStreamingAsync(
        string question,
        IReadOnlyList<RetrievedChunk> context,
        AnswerOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = Prepare(question, context, options, cancellationToken);
        if (prompt.Sources.Count == 0)
        {
            yield return AnswerUpdate.FromDelta(Answer.NotFoundText);
            yield return AnswerUpdate.FromAnswer(NotFound(prompt, _modelId, []));
            yield break;
        }

        var text = new StringBuilder();
        string? model = null;
        var heldBack = "";
        var streamed = 0;
        UsageDetails? usage = null;
        var truncated = false;
        await foreach (var update in _chatClient.GetStreamingResponseAsync(prompt.Messages, prompt.ChatOptions, cancellationToken)
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            model ??= update.ModelId;
            truncated |= update.FinishReason == ChatFinishReason.Length;
            foreach (var reported in update.Contents.OfType<UsageContent>())
            {
                (usage ??= new UsageDetails()).Add(reported.Details);
            }

            if (string.IsNullOrEmpty(update.Text))
            {
                continue;
            }

            text.Append(update.Text);
            // The final answer is trimmed, so the stream skips the whitespace a model may start with (local models
            // often begin with a space token) and holds whitespace back until more text follows it: what is
            // streamed then adds up to the final answer's text.
            var delta = streamed == 0 ? (heldBack + update.Text).TrimStart() : heldBack + update.Text;
            var kept = delta.TrimEnd();
            heldBack = delta[kept.Length..];
            if (kept.Length > 0)
            {
                streamed += kept.Length;
                yield return AnswerUpdate.FromDelta(kept);
            }
        }

        var answer = await FinishAsync(prompt, text.ToString(), model, cancellationToken).ConfigureAwait(false);
        yield return AnswerUpdate.FromAnswer(answer with { Usage = UsageOf(usage), Truncated = truncated });
    }

    /// <summary>Builds the messages: sources packed best first into what the templates leave of the budget.</summary>
    internal PreparedPrompt Prepare(string question, IReadOnlyList<RetrievedChunk> context, AnswerOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(context);
        options?.Validate();
        options ??= new AnswerOptions();
        cancellationToken.ThrowIfCancellationRequested();

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["question"] = question.Trim(),
            ["not_found"] = Answer.NotFoundText,
            ["date"] = _time.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["max_sentences"] = options.MaxSentences.ToString(CultureInfo.InvariantCulture),
            ["source_count"] = _maxSources.ToString(CultureInfo.InvariantCulture),
            ["sources"] = string.Empty,
        };
        var overhead = Count(_templates.Render(values));
        var budget = _contextWindow - _maxOutput - overhead;
        if (budget <= 0)
        {
            throw new InvalidOperationException(
                $"The prompt without sources takes {overhead} tokens; with {_maxOutput} reserved for the answer it does not fit a context window of {_contextWindow} tokens.");
        }

        var unique = new List<RetrievedChunk>(context.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in context)
        {
            if (seen.Add(item.Chunk.Id))
            {
                unique.Add(item);
            }
        }

        // Each source is fenced as untrusted data with a code no document's author can know, so none can end its fence.
        var fence = SourceFence.Create(unique.SelectMany(c => c.Chunk.HeadingPath.Append(c.Chunk.Text).Append(c.Document.Title)));
        var sources = SourcePacker.Pack(unique, _maxSources, budget, _counter, _splitter, fence, cancellationToken);
        values["sources"] = string.Join(SourcePacker.Separator, sources.Select(s => s.Block));
        values["source_count"] = sources.Count.ToString(CultureInfo.InvariantCulture);
        var messages = _templates.Render(values);
        var chatOptions = new ChatOptions
        {
            Temperature = _temperature,
            MaxOutputTokens = options.MaxOutputTokens is { } most ? Math.Min(most, _maxOutput) : _maxOutput,
            ModelId = _modelId,
        };
        return new PreparedPrompt(question, context, options, messages, chatOptions, sources, Count(messages));
    }

    /// <summary>The model's reported token counts, or null when it reported none.</summary>
    private static AnswerUsage? UsageOf(UsageDetails? usage) =>
        usage is { InputTokenCount: not null } or { OutputTokenCount: not null }
            ? new AnswerUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0)
            : null;

    private int Count(List<ChatMessage> messages) =>
        messages.Sum(m => _counter.CountTokens(m.Text) + TokensPerMessage) + ReplyPriming;

    private async Task<Answer> FinishAsync(PreparedPrompt prompt, string reply, string? responseModel, CancellationToken cancellationToken)
    {
        var model = responseModel ?? _modelId;
        var raw = reply.Trim();
        if (raw.Length == 0)
        {
            // A model asked for an answer or the not-found sentence never has nothing to say: the reply was lost
            // (a server that streams in another format, a filter that blanked it). Say so rather than "not found".
            throw new InvalidDataException($"The chat model \"{model ?? "(unnamed)"}\" returned an empty reply; check that the server speaks the OpenAI chat-completions format, streaming included.");
        }

        if (NotFoundReply.Is(raw))
        {
            return NotFound(prompt, model, []);
        }

        var passages = prompt.Sources.Select(s => new GroundingPassage(s.Text, SourcePacker.Surroundings(s.Item))).ToList();
        GroundingReport report;
        using (var grounding = Diagnostics.DocentTelemetry.Source.StartActivity("ground"))
        {
            report = await _checker.CheckAsync(raw, passages, cancellationToken).ConfigureAwait(false);
            grounding?.SetTag("docent.ground.sentences", report.Sentences.Count);
            grounding?.SetTag("docent.ground.unsupported", report.Sentences.Count(v => !v.Supported));
        }

        var drop = prompt.Options.DropUnsupported;
        var unsupported = report.Sentences
            .Where(v => !v.Supported)
            .Select(v => new UnsupportedSentence(v.Sentence, v.Reason ?? "unsupported") { Dropped = drop })
            .ToList();
        var text = GroundingChecker.Rewrite(report, drop);
        if (text.Length == 0)
        {
            return NotFound(prompt, model, unsupported);
        }

        var kept = report.Sentences.Where(v => v.Supported || !drop).ToList();
        var citations = Citations(prompt.Sources, kept);
        // A cited passage that addresses the model may be a planted instruction: the answer says so, as an extractive one does.
        var warnings = citations
            .Select(c => Safety.InjectionCaution.For(c.Index, c.ShownSource, c.HeadingPath, c.ChunkText))
            .OfType<string>()
            .ToList();
        return new Answer(prompt.Question, Safety.InjectionCaution.Prefix(warnings, text), true, citations, [])
        {
            Unsupported = unsupported,
            Model = model,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// One citation per source number the kept sentences cite, by number. The quote is the source sentence
    /// that best supports the first supported sentence citing it (else the first sentence citing it).
    /// </summary>
    private static List<Citation> Citations(List<PackedSource> sources, List<SentenceVerdict> kept)
    {
        var numbers = kept.SelectMany(v => v.Citations).Distinct().Order().ToList();
        var citations = new List<Citation>(numbers.Count);
        foreach (var n in numbers)
        {
            var source = sources[n - 1];
            var support = kept.Where(v => v.Supported).SelectMany(v => v.Support).FirstOrDefault(s => s.Source == n)
                ?? kept.SelectMany(v => v.Support).FirstOrDefault(s => s.Source == n);
            var span = support?.Span ?? FirstSentence(source.Text);
            var chunk = source.Item.Chunk;
            citations.Add(new Citation(
                n,
                chunk.Id,
                chunk.DocumentId,
                source.Item.Document.Source,
                source.Item.Document.Title,
                chunk.Page,
                chunk.HeadingPath,
                source.Text.Substring(span.Start, span.Length),
                new TextSpan(chunk.Span.Start + span.Start, span.Length),
                chunk.Text,
                source.Item.Document.ShownSource)
            {
                Region = chunk.Region,
            });
        }

        return citations;
    }

    private static SentenceSpan FirstSentence(string text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var end = text.IndexOfAny(['.', '!', '?', '\n'], start);
        end = end < 0 ? text.Length : Math.Min(text.Length, end + 1);
        return new SentenceSpan(start, end - start);
    }

    private static Answer NotFound(PreparedPrompt prompt, string? model, List<UnsupportedSentence> unsupported) =>
        new(prompt.Question, Answer.NotFoundText, false, [], prompt.Context)
        {
            Unsupported = unsupported,
            Model = model,
        };
}
