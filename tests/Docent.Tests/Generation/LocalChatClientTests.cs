using System.Text;
using Docent.Generation;
using Docent.Models;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Generation;

/// <summary>
/// LocalChatClient over the real stories260K model with a one-character-per-token fake tokenizer (the real
/// encoder comes from another work item): token id i decodes to the character U+0100+i, so text maps back to ids.
/// </summary>
public sealed class LocalChatClientTests : IDisposable
{
    private readonly GgufFile _file = GgufFile.Open(GgufFileTests.Stories260K);

    private sealed class CharTokenizer(Func<int, bool>? endOfGeneration = null) : IGenerationTokenizer
    {
        public int Count => 512;

        public int BosId => 1;

        public int EosId => 2;

        public bool AddBos => true;

        public List<string> Encoded { get; } = [];

        public bool IsEndOfGeneration(int id) => id == EosId || (endOfGeneration?.Invoke(id) ?? false);

        public IReadOnlyList<int> Encode(string text, bool addBos, bool parseSpecial)
        {
            Encoded.Add(text);
            return [.. addBos ? [BosId] : Array.Empty<int>(), .. text.Select(c => 3 + c % 509)];
        }

        public ReadOnlySpan<byte> Decode(int previous, int id) => Encoding.UTF8.GetBytes(((char)(0x100 + id)).ToString());

        public static int IdOf(char c) => c - 0x100;
    }

    public void Dispose() => _file.Dispose();

    private LocalChatClient Client(CharTokenizer? tokenizer = null, ChatTemplateKind template = ChatTemplateKind.None, int maxOutputTokens = 40) =>
        new(LlamaModel.Load(_file), tokenizer ?? new CharTokenizer(), ChatTemplate.Create(template),
            new LocalChatClientOptions { MaxOutputTokens = maxOutputTokens }, "stories260K");

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Once upon a time")];

    [Fact]
    public async Task AnswersWithTheRenderedPrompt_ReportsUsage_AndStopsAtTheLengthLimit()
    {
        var tokenizer = new CharTokenizer();
        using var client = Client(tokenizer);
        var response = await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 12 });
        Assert.Equal("User: Once upon a time\nAssistant:", Assert.Single(tokenizer.Encoded));
        await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 1, Instructions = "Be brief." });
        Assert.Equal("System: Be brief.\nUser: Once upon a time\nAssistant:", tokenizer.Encoded[1]);
        Assert.Equal(12, response.Text.Length);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
        Assert.Equal("stories260K", response.ModelId);
        Assert.Equal(1 + tokenizer.Encoded[0].Length, response.Usage!.InputTokenCount);
        Assert.Equal(12, response.Usage.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + 12, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task StreamingAndWholeResponsesAgree_AndARepeatedPromptReusesTheCacheExactly()
    {
        using var client = Client();
        var whole = (await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 30 })).Text;
        var streamed = new StringBuilder();
        var updates = 0;
        await foreach (var update in client.GetStreamingResponseAsync(Question, new ChatOptions { MaxOutputTokens = 30 }))
        {
            streamed.Append(update.Text);
            updates++;
        }

        Assert.Equal(whole, streamed.ToString());
        Assert.True(updates > 10, $"{updates} updates");
        // A different question after them runs its own prompt (the cache keeps only the common prefix).
        var other = await client.GetResponseAsync([new(ChatRole.User, "The dog")], new ChatOptions { MaxOutputTokens = 30 });
        var fresh = Client();
        Assert.Equal((await fresh.GetResponseAsync([new(ChatRole.User, "The dog")], new ChatOptions { MaxOutputTokens = 30 })).Text, other.Text);
    }

    [Fact]
    public async Task AStopSequenceEndsTheAnswerAndIsNotEmitted()
    {
        using var client = Client();
        var full = (await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 30 })).Text;
        var stop = full.Substring(10, 3);
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];
        var streamed = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in client.GetStreamingResponseAsync(Question, new ChatOptions { MaxOutputTokens = 30, StopSequences = [stop] }))
        {
            streamed.Append(update.Text);
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal(expected, streamed.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task AnEndOfGenerationTokenEndsTheAnswerUnprinted()
    {
        using var probe = Client();
        var full = (await probe.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 20 })).Text;
        var end = CharTokenizer.IdOf(full[5]);
        using var client = Client(new CharTokenizer(id => id == end));
        var response = await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 20 });
        Assert.Equal(full[..full.IndexOf(full[5], StringComparison.Ordinal)], response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(response.Text.Length, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task SamplingOptionsComeFromTheRequest()
    {
        using var client = Client();
        var greedy = (await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 40 })).Text;
        var hot = new ChatOptions { MaxOutputTokens = 40, Temperature = 1.5f, TopK = 50, TopP = 0.95f, Seed = 3 };
        var first = (await client.GetResponseAsync(Question, hot)).Text;
        var again = (await client.GetResponseAsync(Question, hot)).Text;
        Assert.Equal(first, again);
        Assert.NotEqual(greedy, first);
        var bad = new ChatOptions { TopP = 0 };
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Question, bad));
    }

    [Fact]
    public async Task APromptLongerThanTheContextIsAClearError()
    {
        using var client = Client();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new(ChatRole.User, new string('a', 3000))]));
        Assert.Contains("context of 2048 tokens", error.Message, StringComparison.Ordinal);
        Assert.Contains("3018 tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationStopsTheGeneration_AndTheNextRequestRuns()
    {
        using var client = Client(maxOutputTokens: 1000);
        using var cancel = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question, cancellationToken: cancel.Token))
            {
                if (++received == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.Equal(3, received);
        var response = await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 5 });
        Assert.Equal(5, response.Text.Length);
    }

    [Fact]
    public async Task ConcurrentRequestsRunOneAtATimeAndGiveTheSameGreedyText()
    {
        using var client = Client();
        var options = new ChatOptions { MaxOutputTokens = 25 };
        var texts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => client.GetResponseAsync(Question, options))));
        Assert.Single(texts.Select(r => r.Text).Distinct());
    }

    [Fact]
    public async Task AbandoningAStreamReleasesTheModel()
    {
        using var client = Client(maxOutputTokens: 1000);
        await foreach (var update in client.GetStreamingResponseAsync(Question))
        {
            break;
        }

        Assert.Equal(5, (await client.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 5 })).Text.Length);
    }

    [Fact]
    public void ReportsItsMetadataAndItself()
    {
        using var client = Client();
        IChatClient chat = client;
        Assert.Equal("stories260K", chat.GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Same(client, chat.GetService<LocalChatClient>());
        Assert.Equal(2048, client.ContextLength);
    }

    [Fact]
    public void LoadingPicksTheTemplate_OrSaysHowToForceOne()
    {
        var error = Assert.Throws<ArgumentException>(() => LocalChatClient.Load(new LocalChatClientOptions { ModelPath = GgufFileTests.Stories260K }));
        Assert.Contains("has no chat template", error.Message, StringComparison.Ordinal);
        Assert.Contains("chat.template=none", error.Message, StringComparison.Ordinal);
        using var client = LocalChatClient.Load(new LocalChatClientOptions { ModelPath = GgufFileTests.Stories260K, Template = ChatTemplateKind.None, Threads = 2 });
        Assert.Equal(ChatTemplateKind.None, client.Template.Kind);
        Assert.Equal("stories260K", client.ModelId);
        Assert.Equal(2, client.Model.ThreadCount);
        var missing = Assert.Throws<FileNotFoundException>(() => LocalChatClient.Load(new LocalChatClientOptions { ModelPath = "no/such/model.gguf" }));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoReadsTheTemplateStoredInTheGgufFile()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "stories-chat.gguf");
        var writer = new GgufWriter();
        foreach (var (key, value) in _file.Metadata)
        {
            writer.Add(key, value is object[] items ? items switch
            {
                [string, ..] => items.Cast<string>().ToArray(),
                [float, ..] => items.Cast<float>().ToArray(),
                _ => items.Select(Convert.ToInt32).ToArray(),
            } : value);
        }

        writer.Add("tokenizer.chat_template", "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n'}}{% endfor %}");
        foreach (var tensor in _file.Tensors.Values)
        {
            writer.AddTensor(tensor.Name, _file.ReadFloats(tensor.Name), GgufTensorType.F32, [.. tensor.Dimensions]);
        }

        writer.Write(path);
        using var client = LocalChatClient.Load(new LocalChatClientOptions { ModelPath = path });
        Assert.Equal(ChatTemplateKind.ChatML, client.Template.Kind);
        Assert.Equal("stories-chat", client.ModelId);
    }

    [Fact]
    public void TheFactoryBuildsALocalClientFromSettings_AndValidationNamesAMissingFile()
    {
        var settings = new ChatModelSettings { Provider = "local", Model = GgufFileTests.Stories260K, Template = "none", Threads = 1 };
        var provider = new LocalGenerationProvider();
        var chat = ModelClientFactory.CreateChatClient(settings, localModels: provider);
        var local = chat.GetService<LocalChatClient>();
        Assert.NotNull(local);
        Assert.Same(local, ModelClientFactory.CreateChatClient(settings, localModels: provider).GetService<LocalChatClient>()); // loaded once per provider
        var limits = chat.GetService<ChatModelLimits>(); // what the engine reads through the decorators, knowing no generation type
        Assert.NotNull(limits);
        Assert.Equal(local.ContextLength, limits.ContextLength);
        Assert.Equal(local.Tokenizer.Encode("Once upon a time", addBos: false, parseSpecial: false).Count, limits.TokenCounter.CountTokens("Once upon a time"));
        var withoutEngine = Assert.Throws<ArgumentException>(() => ModelClientFactory.CreateChatClient(settings));
        Assert.Contains("without the local generation engine", withoutEngine.Message, StringComparison.Ordinal);
        var missing = new ChatModelSettings { Provider = "local", Model = "missing.gguf" };
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(missing.Validate).Message, StringComparison.Ordinal);
        var template = new ChatModelSettings { Provider = "local", Model = GgufFileTests.Stories260K, Template = "vicuna" };
        Assert.Contains("chat.template", Assert.Throws<ArgumentException>(template.Validate).Message, StringComparison.Ordinal);
        var unknownProvider = new ChatModelSettings { Provider = "llamacpp", Model = "x" };
        Assert.Contains("\"local\"", Assert.Throws<ArgumentException>(unknownProvider.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEngineAcceptsExactlyTheTemplatesTheGenerationEngineParses()
    {
        // The engine validates chat.template without referencing this assembly; the two lists must not drift apart.
        var parsed = ChatModelSettings.Templates.Select(ChatTemplate.ParseKind).ToHashSet();
        Assert.Equal(Enum.GetValues<ChatTemplateKind>().ToHashSet(), parsed);
    }
}
