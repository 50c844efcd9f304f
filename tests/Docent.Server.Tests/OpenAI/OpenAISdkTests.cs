using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace Docent.Server.Tests.OpenAI;

/// <summary>The official OpenAI .NET SDK pointed at the server: models, chat completions (whole and streamed, with history) and errors.</summary>
public sealed class OpenAISdkTests : IAsyncLifetime
{
    private const string LeaveQuestion = "How many days of annual leave do full-time employees receive?";
    private ServerFixture _server = null!;
    private OpenAIClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        await _server.UploadHandbookAsync();
        _client = OpenAISdk.Client(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CompleteChat_AnswersWithFootnotes()
    {
        ChatCompletion completion = await _client.GetChatClient("default").CompleteChatAsync([new UserChatMessage(LeaveQuestion)]);

        var text = completion.Content[0].Text;
        Assert.Contains("27 days", text, StringComparison.Ordinal);
        Assert.Contains("[1]: Leave Policy", text, StringComparison.Ordinal);
        Assert.Equal("default", completion.Model);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.DoesNotMatch("[0-9a-f]{64}", text); // an upload's stored (content-hash) name is no source a reader knows
    }

    [Fact]
    public async Task CompleteChat_ARefusalListsTheClosestPassages()
    {
        ChatCompletion completion = await _client.GetChatClient("default").CompleteChatAsync(
            [new UserChatMessage("Can interns bring their goldfish to the annual leave party?")]);

        var text = completion.Content[0].Text;
        Assert.StartsWith("I could not find this in the documents.", text, StringComparison.Ordinal);
        Assert.Contains("Closest passages:", text, StringComparison.Ordinal);
        Assert.Contains("[1]: Leave Policy", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("[0-9a-f]{64}", text);
    }

    [Fact]
    public async Task CompleteChatStreaming_DeliversTheSameAnswerInPieces()
    {
        var text = new StringBuilder();
        var updates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in _client.GetChatClient("default").CompleteChatStreamingAsync([new UserChatMessage(LeaveQuestion)]))
        {
            updates++;
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Contains("27 days", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("[1]: Leave Policy", text.ToString(), StringComparison.Ordinal);
        Assert.True(updates >= 3, $"expected a role chunk, content and a closing chunk; got {updates}");
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage); // the SDK asks for stream_options.include_usage
    }

    [Fact]
    public async Task History_CondensesTheFollowUp()
    {
        ChatMessage[] messages =
        [
            new SystemChatMessage("Answer from the handbook."),
            new UserChatMessage("How long is parental leave?"),
            new AssistantChatMessage("Parents receive 20 weeks of parental leave on full pay."),
            new UserChatMessage("When can it be taken?"),
        ];

        ChatCompletion completion = await _client.GetChatClient("default").CompleteChatAsync(messages);
        ChatCompletion alone = await _client.GetChatClient("default").CompleteChatAsync([messages[^1]]);

        var text = completion.Content[0].Text;
        Assert.True(text.Contains("first two years after a birth or adoption", StringComparison.Ordinal), text);
        // "it" alone is not parental leave: not answered from it (a refusal may still list it among the closest passages).
        var aloneAnswer = alone.Content[0].Text.Split("Closest passages", StringSplitOptions.None)[0];
        Assert.DoesNotContain("first two years", aloneAnswer, StringComparison.Ordinal);
        Assert.Contains("]: Leave Policy", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel_Throws404()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _client.GetChatClient("nope").CompleteChatAsync([new UserChatMessage(LeaveQuestion)]));

        Assert.Equal(404, error.Status);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModels_ListsCollections()
    {
        var created = await _server.Client.PostAsync("/api/collections", System.Net.Http.Json.JsonContent.Create(new { name = "legal" }));
        created.EnsureSuccessStatusCode();

        var models = (await _client.GetOpenAIModelClient().GetModelsAsync()).Value;

        Assert.Equal(["default", "legal"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("docent", m.OwnedBy));
    }

    [Fact]
    public async Task GetModel_ReturnsOneCollection_AndAnUnknownOneIs404()
    {
        var model = (await _client.GetOpenAIModelClient().GetModelAsync("default")).Value;
        Assert.Equal("default", model.Id);
        Assert.Equal("docent", model.OwnedBy);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => _client.GetOpenAIModelClient().GetModelAsync("nope"));
        Assert.Equal(404, error.Status);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsAndJsonMode_AreRefusedNamingTheParameter_NotAnsweredAsIfUnasked()
    {
        var chat = _client.GetChatClient("default");
        var withTool = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("lookup", "Looks something up.") } };
        var tools = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(LeaveQuestion)], withTool));
        Assert.Equal(400, tools.Status);
        Assert.Contains("tools", tools.Message, StringComparison.Ordinal);

        var json = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() };
        var format = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage(LeaveQuestion)], json));
        Assert.Equal(400, format.Status);
        Assert.Contains("response_format", format.Message, StringComparison.Ordinal);

        var text = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateTextFormat() };
        ChatCompletion answered = await chat.CompleteChatAsync([new UserChatMessage(LeaveQuestion)], text);
        Assert.Contains("27 days", answered.Content[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/v1/files")]
    [InlineData("GET", "/v1/chat/completions")]
    [InlineData("GET", "/v1/no/such/route")]
    public async Task OtherV1Requests_GetOpenAIsErrorShape(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(new { model = "default", input = LeaveQuestion });
        }

        using var response = await _server.Client.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{method} {path}", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("unknown_url", body["error"]!["code"]!.GetValue<string>());
    }
}
