using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Docent.Tests.TestSupport;

/// <summary>
/// A chat client driven by a delegate: the reply is <c>reply(messages, options)</c>; streaming yields it in
/// pieces of <see cref="ChunkSize"/> characters. Records every call. Honours cancellation between pieces.
/// </summary>
public sealed class FakeChatClient : IChatClient
{
    private readonly Func<IList<ChatMessage>, ChatOptions?, string> _reply;
    private readonly List<(IList<ChatMessage> Messages, ChatOptions? Options)> _calls = [];
    private readonly ChatClientMetadata _metadata;

    public FakeChatClient(Func<IList<ChatMessage>, ChatOptions?, string> reply, string? modelId = "fake-model")
    {
        _reply = reply;
        ModelId = modelId;
        _metadata = new ChatClientMetadata("fake", null, modelId);
    }

    /// <summary>A client that always replies <paramref name="reply"/>.</summary>
    public FakeChatClient(string reply, string? modelId = "fake-model")
        : this((_, _) => reply, modelId)
    {
    }

    /// <summary>The model id it reports (metadata and responses).</summary>
    public string? ModelId { get; }

    /// <summary>Characters per streamed piece.</summary>
    public int ChunkSize { get; init; } = 7;

    /// <summary>The token counts it reports with each reply (streaming: in a last update); null reports none.</summary>
    public UsageDetails? Usage { get; init; }

    /// <summary>Why it says each reply ended (streaming: on the last update); null says nothing.</summary>
    public ChatFinishReason? FinishReason { get; init; }

    /// <summary>Called after each streamed piece is handed out (to cancel mid-stream, say).</summary>
    public Action<int>? AfterPiece { get; init; }

    /// <summary>The calls so far: messages and options as received.</summary>
    public IReadOnlyList<(IList<ChatMessage> Messages, ChatOptions? Options)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The last user message of the last call.</summary>
    public string LastUserMessage => Calls[^1].Messages.Last(m => m.Role == ChatRole.User).Text;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = Record(messages, options);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = ModelId, Usage = Usage, FinishReason = FinishReason });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = Record(messages, options);
        var piece = 0;
        for (var i = 0; i < text.Length; i += ChunkSize)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(ChunkSize, text.Length - i))) { ModelId = ModelId };
            AfterPiece?.Invoke(piece++);
        }

        if (Usage is not null || FinishReason is not null)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, Usage is null ? [] : [new UsageContent(Usage)]) { ModelId = ModelId, FinishReason = FinishReason };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private string Record(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages.ToList();
        lock (_calls)
        {
            _calls.Add((list, options));
        }

        return _reply(list, options);
    }
}
