using System.Runtime.CompilerServices;
using Docent.Asking;
using Docent.Conversation;
using Microsoft.Extensions.AI;

namespace Docent.Agents;

/// <summary>
/// A Docent collection as an <see cref="IChatClient"/>: the last user message is the question, earlier user/assistant pairs its
/// history (or, with <see cref="ChatOptions.ConversationId"/>, the stored conversation of that id), and the response is the
/// checked answer. Its citations are <see cref="CitationAnnotation"/>s on the answer's text (<see cref="CitationAnnotations"/>) and, as
/// Docent's own records, the response's AdditionalProperties["citations"]; RawRepresentation is the <see cref="AskResult"/>.
/// Streaming yields the model's text as it comes, then an update with the checked answer's annotations. Thread-safe.
/// </summary>
public sealed class DocentChatClient : IChatClient
{
    /// <summary>The AdditionalProperties key of the answer's <see cref="Answering.Citation"/> list.</summary>
    public const string CitationsKey = "citations";

    /// <summary>The AdditionalProperties key of whether the documents held the answer.</summary>
    public const string FoundKey = "found";

    /// <summary>The AdditionalProperties key of the answer's confidence in [0, 1], when estimated.</summary>
    public const string ConfidenceKey = "confidence";

    private readonly Func<CancellationToken, Task<IAskPipeline>> _pipeline;
    private readonly int _top;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Answers from the pipeline <paramref name="pipeline"/> gives, drawing on <paramref name="top"/> passages; <paramref name="collection"/> names it.</summary>
    public DocentChatClient(Func<CancellationToken, Task<IAskPipeline>> pipeline, string collection, int top = 8)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        _pipeline = pipeline;
        _top = top;
        Collection = collection;
        _metadata = new ChatClientMetadata("docent", providerUri: null, defaultModelId: collection);
    }

    /// <summary>The collection answers come from.</summary>
    public string Collection { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (question, request) = ToRequest(messages, options);
        var pipeline = await _pipeline(cancellationToken).ConfigureAwait(false);
        var result = await pipeline.AskAsync(question, request, cancellationToken).ConfigureAwait(false);
        var text = new TextContent(result.Answer.Text) { Annotations = CitationAnnotations.From(result.Answer, result.Answer.Text) };
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, [text]) { MessageId = Guid.NewGuid().ToString("N") })
        {
            ResponseId = Guid.NewGuid().ToString("N"),
            ConversationId = result.ConversationId,
            ModelId = result.Answer.Model ?? Collection,
            FinishReason = ChatFinishReason.Stop,
            CreatedAt = DateTimeOffset.UtcNow,
            RawRepresentation = result,
            AdditionalProperties = Properties(result),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (question, request) = ToRequest(messages, options);
        var pipeline = await _pipeline(cancellationToken).ConfigureAwait(false);
        var responseId = Guid.NewGuid().ToString("N");
        var messageId = Guid.NewGuid().ToString("N");
        var streamed = false;
        await foreach (var update in pipeline.AskStreamingAsync(question, request, cancellationToken).ConfigureAwait(false))
        {
            if (update.Delta is { Length: > 0 } delta)
            {
                streamed = true;
                yield return new ChatResponseUpdate(ChatRole.Assistant, delta) { ResponseId = responseId, MessageId = messageId, ModelId = Collection };
            }

            if (update.Result is { } result)
            {
                // The checked answer may differ from the streamed text (unsupported sentences dropped); when nothing was streamed
                // (an extractive answer) its text comes here. Either way this update carries the citations.
                var answer = result.Answer;
                var text = streamed ? "" : answer.Text;
                var annotations = CitationAnnotations.From(answer, streamed ? "" : answer.Text);
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new TextContent(text) { Annotations = annotations }])
                {
                    ResponseId = responseId,
                    MessageId = messageId,
                    ConversationId = result.ConversationId,
                    ModelId = answer.Model ?? Collection,
                    FinishReason = ChatFinishReason.Stop,
                    CreatedAt = DateTimeOffset.UtcNow,
                    RawRepresentation = result,
                    AdditionalProperties = Properties(result),
                };
            }
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The collection's folder belongs to whoever opened it.
    }

    private (string Question, AskRequest Request) ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.Where(m => m.Role == ChatRole.User || m.Role == ChatRole.Assistant).ToList();
        var last = list.FindLastIndex(m => m.Role == ChatRole.User);
        if (last < 0 || string.IsNullOrWhiteSpace(list[last].Text))
        {
            throw new ArgumentException("Docent answers the last user message, and there is none with text.", nameof(messages));
        }

        var history = new List<ConversationTurn>();
        for (var i = 0; i + 1 < last; i++)
        {
            if (list[i].Role == ChatRole.User && list[i + 1].Role == ChatRole.Assistant)
            {
                history.Add(new ConversationTurn(history.Count + 1, list[i].Text, list[i].Text, list[i + 1].Text, true, DateTimeOffset.UtcNow));
                i++;
            }
        }

        var request = new AskRequest
        {
            Top = _top,
            ConversationId = options?.ConversationId,
            History = options?.ConversationId is null && history.Count > 0 ? history : null,
            CallerName = "library",
        };
        request.Validate();
        return (list[last].Text, request);
    }

    private AdditionalPropertiesDictionary Properties(AskResult result)
    {
        var properties = new AdditionalPropertiesDictionary
        {
            [CitationsKey] = result.Answer.Citations,
            [FoundKey] = result.Answer.Found,
            ["collection"] = Collection,
        };
        if (result.Answer.Confidence is { } confidence)
        {
            properties[ConfidenceKey] = confidence;
        }

        return properties;
    }
}
