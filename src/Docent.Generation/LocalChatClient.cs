using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Docent.Generation.Tokenization;
using Docent.Models;
using Microsoft.Extensions.AI;

namespace Docent.Generation;

/// <summary>
/// An <see cref="IChatClient"/> that answers with a local llama-family model in process: renders the messages with
/// a <see cref="ChatTemplate"/>, encodes them, runs the prompt (reusing the KV cache of the previous request's
/// common prefix) and samples the answer on a background thread, streaming text that stops at the tokenizer's end
/// tokens, the template's and the request's stop strings, or the length limit. Honours ChatOptions
/// Instructions, MaxOutputTokens, Temperature, TopP, TopK, Seed, StopSequences (and "min_p", "repeat_penalty" in
/// AdditionalProperties) and reports token usage. Thread-safe: the model holds one sequence, so requests run one
/// at a time (later ones wait).
/// </summary>
public sealed class LocalChatClient : IChatClient
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly LocalChatClientOptions _options;
    private readonly IDisposable? _owned;
    private readonly List<int> _cached = [];
    private bool _disposed;
    private ChatModelLimits? _limits;

    /// <summary>
    /// Creates a client over a loaded <paramref name="model"/> and its <paramref name="tokenizer"/>;
    /// <paramref name="owned"/> (e.g. the GGUF file the model reads from) is disposed with the client.
    /// </summary>
    public LocalChatClient(LlamaModel model, IGenerationTokenizer tokenizer, ChatTemplate template, LocalChatClientOptions? options = null,
                           string? modelId = null, IDisposable? owned = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(template);
        if (tokenizer.Count != model.VocabularySize)
        {
            throw new ArgumentException($"The tokenizer has {tokenizer.Count} tokens but the model {model.VocabularySize}.", nameof(tokenizer));
        }

        options ??= new LocalChatClientOptions();
        options.Sampling.Validate();
        Model = model;
        Tokenizer = tokenizer;
        Template = template;
        _options = options;
        _owned = owned;
        ModelId = modelId ?? "local";
        Metadata = new ChatClientMetadata("docent-local", null, ModelId);
    }

    /// <summary>The model (its state belongs to this client).</summary>
    public LlamaModel Model { get; }

    /// <summary>The tokenizer.</summary>
    public IGenerationTokenizer Tokenizer { get; }

    /// <summary>The chat format prompts are rendered in.</summary>
    public ChatTemplate Template { get; }

    /// <summary>The model's name (its file name without extension when loaded from a file).</summary>
    public string ModelId { get; }

    /// <summary>The model's context window in tokens: prompt and answer together must fit.</summary>
    public int ContextLength => Model.ContextLength;

    /// <summary>Provider name and model id, as Microsoft.Extensions.AI reports them.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <summary>
    /// Loads the model <paramref name="options"/> name (GGUF, or llama2.c .bin with its tokenizer.bin) and picks its chat
    /// template; throws <see cref="FileNotFoundException"/>, <see cref="InvalidDataException"/> or
    /// <see cref="ArgumentException"/> with a message naming the file and what to do.
    /// </summary>
    public static LocalChatClient Load(LocalChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var loaded = LocalModelFile.Open(options.ModelPath!, options.Threads, options.TokenizerPath);
        try
        {
            var template = ChatTemplate.Resolve(options.Template, loaded.ChatTemplateJinja, Path.GetFileName(loaded.Path));
            return new LocalChatClient(loaded.Model, loaded.Tokenizer, template, options, Path.GetFileNameWithoutExtension(loaded.Path), loaded);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>The tokenizer of a GGUF file.</summary>
    public static IGenerationTokenizer CreateTokenizer(GgufFile file) => GenerationTokenizer.FromGguf(file);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = Prepare(messages, options);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var channel = Channel.CreateUnbounded<ChatResponseUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        Task producer;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            producer = Task.Factory.StartNew(
                () => Produce(request, channel.Writer, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch
        {
            _gate.Release();
            throw;
        }

        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested(); // updates may be buffered ahead of a slow reader
                yield return update;
            }
        }
        finally
        {
            // A caller that stops reading early stops the generation too; the next request waits until it has.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType == typeof(ChatModelLimits) ? _limits ??= new ChatModelLimits(ContextLength, new GenerationTokenCounter(Tokenizer))
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Stops a running generation, waits for it, and releases the model and its file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _disposing.Cancel();
        _gate.Wait();
        try
        {
            ((object)Model as IDisposable)?.Dispose();
            _owned?.Dispose();
        }
        finally
        {
            _gate.Release();
            _disposing.Dispose();
        }
    }

    private Request Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        // ChatOptions.Instructions are a system message ahead of the conversation, as providers treat them.
        var prompt = Template.Render(string.IsNullOrWhiteSpace(options?.Instructions)
            ? messages
            : messages.Prepend(new ChatMessage(ChatRole.System, options.Instructions)));
        var tokens = Tokenizer.Encode(prompt, Tokenizer.AddBos, parseSpecial: true);
        if (tokens.Count == 0)
        {
            throw new ArgumentException("The prompt is empty: there is nothing to answer.");
        }

        if (tokens.Count > ContextLength)
        {
            throw new ArgumentException(
                $"The prompt is {tokens.Count} tokens but the local model '{ModelId}' has a context of {ContextLength} tokens " +
                "(prompt and answer must fit). Shorten the question or the conversation, or retrieve fewer passages.");
        }

        var sampling = _options.Sampling.Clone();
        if (options is not null)
        {
            sampling.Temperature = options.Temperature ?? sampling.Temperature;
            sampling.TopP = options.TopP ?? sampling.TopP;
            sampling.TopK = options.TopK ?? sampling.TopK;
            sampling.Seed = options.Seed is { } seed ? unchecked((int)seed) : sampling.Seed;
            if (options.AdditionalProperties is { } extra)
            {
                sampling.MinP = extra.TryGetValue<float>("min_p", out var minP) ? minP : sampling.MinP;
                sampling.RepeatPenalty = extra.TryGetValue<float>("repeat_penalty", out var penalty) ? penalty : sampling.RepeatPenalty;
            }
        }

        sampling.Validate();
        var maxTokens = options?.MaxOutputTokens ?? _options.MaxOutputTokens;
        if (maxTokens < 0)
        {
            throw new ArgumentException($"MaxOutputTokens is {maxTokens}; it must be 0 or more.");
        }

        var stops = Template.StopSequences.Concat(options?.StopSequences ?? []).ToList();
        return new Request([.. tokens], sampling, maxTokens, stops, options?.ModelId ?? ModelId);
    }

    private void Produce(Request request, ChannelWriter<ChatResponseUpdate> writer, CancellationToken cancellationToken)
    {
        try
        {
            Generate(request, writer, cancellationToken);
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Generate(Request request, ChannelWriter<ChatResponseUpdate> writer, CancellationToken cancellationToken)
    {
        var responseId = Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        ChatResponseUpdate Update(IList<AIContent> contents, ChatFinishReason? finish = null) => new(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = request.ModelId,
            CreatedAt = created,
            FinishReason = finish,
        };

        var prompt = request.Prompt;
        var position = RunPrompt(prompt, cancellationToken, out var logits);
        var history = new List<int>(prompt);
        var sampler = new TokenSampler(request.Sampling);
        var decoder = Encoding.UTF8.GetDecoder();
        var matcher = new StopSequenceMatcher(request.StopSequences);
        var previous = prompt[^1];
        var generated = 0;
        var chars = new char[64];
        ChatFinishReason finish;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (generated >= request.MaxTokens)
            {
                finish = ChatFinishReason.Length;
                break;
            }

            var next = sampler.Sample(logits, CollectionsMarshal.AsSpan(history));
            if (Tokenizer.IsEndOfGeneration(next))
            {
                finish = ChatFinishReason.Stop;
                break;
            }

            generated++;
            history.Add(next);
            var bytes = Tokenizer.Decode(previous, next);
            var count = decoder.GetCharCount(bytes, flush: false);
            if (count > chars.Length)
            {
                chars = new char[Math.Max(count, chars.Length * 2)];
            }

            count = decoder.GetChars(bytes, chars, flush: false);
            var text = matcher.Append(new string(chars, 0, count));
            if (text.Length > 0)
            {
                writer.TryWrite(Update([new TextContent(text)]));
            }

            if (matcher.Stopped)
            {
                finish = ChatFinishReason.Stop;
                break;
            }

            if (position >= ContextLength)
            {
                finish = ChatFinishReason.Length;
                break;
            }

            logits = Model.Forward(next, position);
            _cached.Add(next);
            position++;
            previous = next;
        }

        if (!matcher.Stopped)
        {
            var tail = new char[decoder.GetCharCount([], flush: true)];
            decoder.GetChars([], tail, flush: true);
            var rest = matcher.Append(new string(tail));
            rest += matcher.Stopped ? "" : matcher.Flush();
            if (rest.Length > 0)
            {
                writer.TryWrite(Update([new TextContent(rest)]));
            }
        }

        var usage = new UsageDetails { InputTokenCount = prompt.Length, OutputTokenCount = generated, TotalTokenCount = prompt.Length + generated };
        writer.TryWrite(Update([new UsageContent(usage)], finish));
    }

    /// <summary>
    /// Runs the prompt through the model from the first token that differs from the cached sequence, leaving the
    /// logits after its last token; returns the next position.
    /// </summary>
    private int RunPrompt(int[] prompt, CancellationToken cancellationToken, out ReadOnlySpan<float> logits)
    {
        var reuse = 0;
        var limit = Math.Min(_cached.Count, prompt.Length - 1); // the last prompt token always runs: its logits are needed
        while (reuse < limit && _cached[reuse] == prompt[reuse])
        {
            reuse++;
        }

        _cached.RemoveRange(reuse, _cached.Count - reuse);
        logits = default;
        for (var position = reuse; position < prompt.Length; position += LlamaModel.MaxBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = prompt.AsSpan(position, Math.Min(LlamaModel.MaxBatchSize, prompt.Length - position));
            logits = Model.ForwardBatch(chunk, position);
            _cached.AddRange(chunk);
        }

        return prompt.Length;
    }

    private sealed record Request(int[] Prompt, SamplingOptions Sampling, int MaxTokens, IReadOnlyList<string> StopSequences, string ModelId);
}
