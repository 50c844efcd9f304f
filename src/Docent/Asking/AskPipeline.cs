using System.Diagnostics;
using System.Runtime.CompilerServices;
using Docent.Answering;
using Docent.Conversation;
using Docent.Diagnostics;
using Docent.Retrieval;
using Docent.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Asking;

/// <summary>
/// The ask stage end to end: condense a follow-up into a standalone question (with the conversation's history),
/// retrieve, answer (streaming when the generator can), and store the turn once the answer is complete — a
/// failed or cancelled question stores nothing. Each stage is logged (<see cref="AskLog"/>: the question's text at Trace
/// only). The innermost <see cref="IAskPipeline"/>: caching and auditing wrap it (<see cref="AskPipelineBuilder"/>).
/// Thread-safe when its parts are; two questions to the same conversation at once are numbered in the order they finish.
/// </summary>
public sealed class AskPipeline : IAskPipeline
{
    private readonly IRetriever _retriever;
    private readonly IAnswerGenerator _answerer;
    private readonly IQueryCondenser _condenser;
    private readonly ConversationStore _conversations;
    private readonly AnswerOptions _defaultAnswering;
    private readonly ILogger _logger;

    /// <summary>Creates the stage from its parts; <paramref name="logger"/> null logs nothing.</summary>
    public AskPipeline(
        IRetriever retriever, IAnswerGenerator answerer, IQueryCondenser condenser, ConversationStore conversations,
        AnswerOptions? defaultAnswering = null, ILogger<AskPipeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(answerer);
        ArgumentNullException.ThrowIfNull(condenser);
        ArgumentNullException.ThrowIfNull(conversations);
        _retriever = retriever;
        _answerer = answerer;
        _condenser = condenser;
        _conversations = conversations;
        _defaultAnswering = defaultAnswering ?? new AnswerOptions();
        _defaultAnswering.Validate();
        _logger = logger ?? NullLogger<AskPipeline>.Instance;
    }

    /// <summary>Whether answers arrive piece by piece (an LLM) rather than all at once (extractive).</summary>
    public bool Streams => _answerer is IStreamingAnswerGenerator;

    /// <summary>A builder that starts from this pipeline, to add the answer cache or the audit log around it.</summary>
    public AskPipelineBuilder AsBuilder() => new(this);

    /// <inheritdoc />
    public async Task<AskResult> AskAsync(string question, AskRequest? request = null, CancellationToken cancellationToken = default)
    {
        AskResult? result = null;
        await foreach (var update in AskStreamingAsync(question, request, cancellationToken).ConfigureAwait(false))
        {
            result = update.Result ?? result;
        }

        return result!;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AskUpdate> AskStreamingAsync(
        string question, AskRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        request ??= new AskRequest();
        request.Validate();
        using var activity = DocentTelemetry.Source.StartActivity("ask");
        activity?.SetTag("docent.conversation", request.ConversationId);
        var stopwatch = Stopwatch.StartNew();

        if (request.ConversationId is not null && !await _conversations.CanContinueAsync(request.ConversationId, request.Access, cancellationToken).ConfigureAwait(false))
        {
            throw new ArgumentException($"There is no conversation \"{request.ConversationId}\" for this caller: it was started by a caller who may read other documents.");
        }

        var history = request.ConversationId is null
            ? request.History ?? []
            : await _conversations.GetTurnsAsync(request.ConversationId, request.Access, cancellationToken).ConfigureAwait(false);
        var hash = AskLog.Fingerprint(question);
        AskLog.Received(_logger, hash, question.Length, request.ConversationId ?? "none", history.Count, request.Top);
        AskLog.QuestionText(_logger, hash, question);
        string standalone;
        using (DocentTelemetry.Source.StartActivity("condense"))
        {
            standalone = await _condenser.CondenseAsync(question, history, cancellationToken).ConfigureAwait(false);
        }

        var condense = stopwatch.Elapsed;
        DocentTelemetry.StageDuration.Record(condense.TotalSeconds, new KeyValuePair<string, object?>("stage", "condense"));
        AskLog.Condensed(_logger, hash, AskLog.Fingerprint(standalone), standalone.Length, !string.Equals(standalone, question, StringComparison.Ordinal),
            (long)condense.TotalMilliseconds);
        AskLog.StandaloneText(_logger, hash, standalone);
        yield return new AskUpdate(StandaloneQuestion: standalone);

        // The retriever records its own "retrieve" activity and stage duration (TelemetryRetriever, composed by the data folder).
        var context = await _retriever.RetrieveAsync(standalone, new RetrievalOptions { Top = request.Top, Access = request.Access }, cancellationToken).ConfigureAwait(false);
        var retrieve = stopwatch.Elapsed - condense;
        AskLog.Retrieved(_logger, hash, context.Count, (long)retrieve.TotalMilliseconds);
        Answer? answer = null;
        var answering = request.Answering ?? _defaultAnswering;
        if (request.MaxOutputTokens is { } maxOutput)
        {
            answering = answering.Clone();
            answering.MaxOutputTokens = maxOutput;
        }

        using (var generating = DocentTelemetry.Source.StartActivity("generate"))
        {
            if (_answerer is IStreamingAnswerGenerator streaming)
            {
                await foreach (var update in streaming.GenerateStreamingAsync(standalone, context, answering, cancellationToken).ConfigureAwait(false))
                {
                    if (update.Answer is not null)
                    {
                        answer = update.Answer;
                    }
                    else if (!string.IsNullOrEmpty(update.Delta))
                    {
                        yield return new AskUpdate(Delta: update.Delta);
                    }
                }
            }
            else
            {
                answer = await _answerer.GenerateAsync(standalone, context, answering, cancellationToken).ConfigureAwait(false);
            }

            if (answer is null)
            {
                throw new InvalidOperationException("The answer generator finished without an answer.");
            }

            generating?.SetTag("docent.answer.found", answer.Found);
            generating?.SetTag("docent.answer.unsupported", answer.Unsupported.Count);
        }

        var compose = stopwatch.Elapsed - condense - retrieve;
        DocentTelemetry.StageDuration.Record(compose.TotalSeconds, new KeyValuePair<string, object?>("stage", "generate"));
        DocentTelemetry.Questions.Add(1, new KeyValuePair<string, object?>("found", answer.Found), new KeyValuePair<string, object?>("model", answer.Model ?? "extractive"));
        DocentTelemetry.UnsupportedSentences.Add(answer.Unsupported.Count);
        LogAnswer(hash, answer, context.Count, condense, retrieve, compose);
        int? turn = null;
        if (request.ConversationId is not null)
        {
            var stored = await _conversations.AppendTurnAsync(request.ConversationId, question, standalone, answer.Text, answer.Found, request.Access, cancellationToken).ConfigureAwait(false);
            turn = stored.Ordinal;
        }

        yield return new AskUpdate(Result: new AskResult(answer, standalone, request.ConversationId, turn, condense, retrieve, compose));
    }

    private void LogAnswer(string hash, Answer answer, int passages, TimeSpan condense, TimeSpan retrieve, TimeSpan compose)
    {
        var model = answer.Model ?? "extractive";
        var total = (long)(condense + retrieve + compose).TotalMilliseconds;
        if (answer.Found)
        {
            AskLog.Answered(_logger, hash, model, answer.Citations.Count, total,
                (long)condense.TotalMilliseconds, (long)retrieve.TotalMilliseconds, (long)compose.TotalMilliseconds);
        }
        else
        {
            AskLog.NotFound(_logger, hash, model, total, passages);
        }

        if (answer.Unsupported.Count > 0)
        {
            AskLog.GroundingDropped(_logger, hash, answer.Unsupported.Count, answer.Unsupported.Count(u => u.Dropped));
        }

        AskLog.AnswerText(_logger, hash, answer.Text);
    }
}
