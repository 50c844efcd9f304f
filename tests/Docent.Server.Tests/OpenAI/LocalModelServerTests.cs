using System.Text;
using System.Text.RegularExpressions;
using Docent.Generation;
using Docent.Hosting;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;

namespace Docent.Server.Tests.OpenAI;

/// <summary>
/// The OpenAI-compatible endpoints answering with an in-process local model (stories260K through
/// <see cref="LocalChatClient"/>, with a word-per-token fake tokenizer until the real encoder lands): the plumbing
/// from /v1/chat/completions to local generation, whole and streamed.
/// </summary>
public sealed partial class LocalModelServerTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private GgufFile _file = null!;
    private LocalChatClient _local = null!;
    private int _calls;

    /// <summary>Counts the calls that reach the local model.</summary>
    private sealed class CountingChatClient(IChatClient inner, Action counted) : DelegatingChatClient(inner)
    {
        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            counted();
            return base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }

        public override Task<ChatResponse> GetResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            counted();
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }

    /// <summary>
    /// One token per word or punctuation mark (about what the answerer's budget assumes), by a fixed hash so every run
    /// sees the same tokens (string.GetHashCode changes per process); ids decode to letters.
    /// </summary>
    private sealed partial class WordTokenizer : IGenerationTokenizer
    {
        public int Count => 512;

        public int BosId => 1;

        public int EosId => 2;

        public bool AddBos => true;

        public bool IsEndOfGeneration(int id) => id == EosId;

        public IReadOnlyList<int> Encode(string text, bool addBos, bool parseSpecial) =>
            [.. addBos ? [BosId] : Array.Empty<int>(), .. Words().Matches(text).Select(m => 3 + (int)(m.Value.Aggregate(17u, (h, c) => (h * 31) + c) % 509))];

        public ReadOnlySpan<byte> Decode(int previous, int id) => Encoding.UTF8.GetBytes(id % 7 == 0 ? " " : ((char)('a' + id % 26)).ToString());

        [GeneratedRegex(@"\w+|\S")]
        private static partial Regex Words();
    }

    public async Task InitializeAsync()
    {
        _file = GgufFile.Open(RepositoryPaths.Fixture("stories260K", "stories260K.gguf"));
        _local = new LocalChatClient(
            LlamaModel.Load(_file), new WordTokenizer(), ChatTemplate.Create(ChatTemplateKind.None), new LocalChatClientOptions { MaxOutputTokens = 64 }, "stories260K");
        // The answer cache is off: each question here must reach the model (the streamed one would otherwise be a hit).
        _server = await ServerFixture.StartAsync(
            server: o =>
            {
                o.AnswerCacheEntries = 0;
                o.UtilityModel = true; // a client's title request goes to the model (tested below)
            },
            models: _ => new ModelServices { ChatClient = new CountingChatClient(_local, () => Interlocked.Increment(ref _calls)) });
        await _server.UploadHandbookAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _local.Dispose();
        _file.Dispose();
    }

    [Fact]
    public async Task ChatCompletionsAnswerWithTheLocalModel_WholeAndStreamed()
    {
        var chat = OpenAISdk.Client(_server).GetChatClient("default");
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("How many days of annual leave do full-time employees receive?")]);
        var whole = completion.Content[0].Text;
        Assert.False(string.IsNullOrWhiteSpace(whole));
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason); // the tiny model writes until its output limit, and the client is told
        Assert.Equal(1, _calls);

        var streamed = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("How many days of annual leave do full-time employees receive?")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        // Greedy (temperature 0) generation: the same question gets the same answer.
        Assert.Equal(whole, streamed.ToString());
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task Usage_IsTheModelsOwn_AndMaxTokensReachesTheModel()
    {
        var chat = OpenAISdk.Client(_server).GetChatClient("default");
        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage("How many days of annual leave do full-time employees receive?")]);
        ChatCompletion cut = await chat.CompleteChatAsync(
            [new UserChatMessage("How many days of annual leave do full-time employees receive?")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });

        // The model read the sources too: far more than the question's own tokens; and it wrote what its limit allowed.
        Assert.True(whole.Usage.InputTokenCount > 100, $"prompt tokens {whole.Usage.InputTokenCount}");
        Assert.True(whole.Usage.OutputTokenCount > 5, $"completion tokens {whole.Usage.OutputTokenCount}");
        Assert.Equal(5, cut.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
    }

    [Fact]
    public async Task TitleGeneration_WithTheUtilityModelOn_GoesStraightToTheModel()
    {
        const string Prompt = "### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n### Chat History:\n<chat_history>\nUSER: How much leave do I get?\n</chat_history>";
        var chat = OpenAISdk.Client(_server).GetChatClient("default");
        ChatCompletion title = await chat.CompleteChatAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 8 });

        Assert.Equal(1, _calls); // the model alone: no retrieval-and-answer call besides it
        Assert.False(string.IsNullOrWhiteSpace(title.Content[0].Text));
        Assert.DoesNotContain(Docent.Answering.Answer.NotFoundText, title.Content[0].Text, StringComparison.Ordinal);
#pragma warning disable OPENAI001 // annotations are marked experimental
        Assert.Empty(title.Annotations);
#pragma warning restore OPENAI001
        Assert.Equal(8, title.Usage.OutputTokenCount);
    }
}
