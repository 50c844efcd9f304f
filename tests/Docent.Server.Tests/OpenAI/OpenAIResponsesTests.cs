using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;

namespace Docent.Server.Tests.OpenAI;

#pragma warning disable OPENAI001 // the Responses client is marked experimental

/// <summary>
/// The OpenAI .NET SDK's ChatClient and ResponsesClient against the real server on the handbook: citations read back as
/// url_citation annotations, usage counted, max tokens honoured, the Responses API whole and streamed, and error shapes.
/// </summary>
public sealed class OpenAIResponsesTests : IAsyncLifetime
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
    public async Task ChatCompletion_CarriesCitationsAsUrlAnnotations_AndCountsUsage()
    {
        ChatCompletion completion = await _client.GetChatClient("default").CompleteChatAsync([new UserChatMessage(LeaveQuestion)]);

        var text = completion.Content[0].Text;
        var annotation = Assert.Single(completion.Annotations.Where(a => a.WebResourceTitle.StartsWith("Leave Policy", StringComparison.Ordinal)).Take(1));
        Assert.Equal("[1]", text[annotation.StartIndex..annotation.EndIndex]);
        Assert.Equal("http", annotation.WebResourceUri.Scheme);
        Assert.Contains("collection=default", annotation.WebResourceUri.Query, StringComparison.Ordinal);
        Assert.Contains("document=", annotation.WebResourceUri.Query, StringComparison.Ordinal);

        // The quoted sentence travels in the annotation too (an extra field the SDK keeps as raw JSON).
        var raw = JsonNode.Parse(await RawChatAsync(new { model = "default", messages = new[] { new { role = "user", content = LeaveQuestion } } }))!;
        var citation = raw["choices"]![0]!["message"]!["annotations"]![0]!["url_citation"]!;
        Assert.Contains("27 days", citation["quote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(raw["citations"]![0]!["quote"]!.GetValue<string>(), citation["quote"]!.GetValue<string>());

        Assert.True(completion.Usage.InputTokenCount >= 12, $"prompt tokens {completion.Usage.InputTokenCount}");
        Assert.True(completion.Usage.OutputTokenCount >= 10, $"completion tokens {completion.Usage.OutputTokenCount}");
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task ChatCompletionStreaming_ReportsUsage_AndAnnotationsInTheLastContentChunk()
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in _client.GetChatClient("default").CompleteChatStreamingAsync([new UserChatMessage(LeaveQuestion)]))
        {
            usage ??= update.Usage;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.NotNull(usage);
        Assert.True(usage.OutputTokenCount > 0 && usage.InputTokenCount > 0, $"usage {usage.InputTokenCount}/{usage.OutputTokenCount}");

        var lines = (await RawChatAsync(new { model = "default", stream = true, messages = new[] { new { role = "user", content = LeaveQuestion } } }))
            .Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l[6..])!).ToList();
        var withAnnotations = Assert.Single(lines, l => l["choices"]?.AsArray().FirstOrDefault()?["delta"]?["annotations"] is not null);
        Assert.Contains("27 days", withAnnotations["choices"]![0]!["delta"]!["annotations"]![0]!["url_citation"]!["quote"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxTokens_CutsAnExtractiveAnswerAtASentence_AndSaysLength()
    {
        var chat = _client.GetChatClient("default");
        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage(LeaveQuestion)]);
        ChatCompletion cut = await chat.CompleteChatAsync([new UserChatMessage(LeaveQuestion)], new ChatCompletionOptions { MaxOutputTokenCount = 12 });

        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.True(cut.Usage.OutputTokenCount < whole.Usage.OutputTokenCount, $"{cut.Usage.OutputTokenCount} vs {whole.Usage.OutputTokenCount}");
        var answer = cut.Content[0].Text.Split("\n\n[")[0];
        Assert.True(whole.Content[0].Text.StartsWith(answer, StringComparison.Ordinal), answer);
        Assert.All(cut.Annotations, a => Assert.Contains(cut.Content[0].Text[a.StartIndex..a.EndIndex], answer, StringComparison.Ordinal));

        // The limit is part of the answer cache's key: a model's answer under another limit is another answer.
        var limited = new { model = "default", max_tokens = 30, messages = new[] { new { role = "user", content = LeaveQuestion } } };
        Assert.False(JsonNode.Parse(await RawChatAsync(limited))!["cached"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse(await RawChatAsync(limited))!["cached"]!.GetValue<bool>());

        var zero = await _server.Client.PostAsJsonAsync("/v1/chat/completions", new { model = "default", max_tokens = 0, messages = new[] { new { role = "user", content = LeaveQuestion } } });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal("max_tokens", (await zero.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Responses_AnswersWithAnOutputTextAndUrlCitations()
    {
        var responses = _client.GetResponsesClient();
        ResponseResult response = await responses.CreateResponseAsync(new CreateResponseOptions("default", [ResponseItem.CreateUserMessageItem(LeaveQuestion)]));

        Assert.Contains("27 days", response.GetOutputText(), StringComparison.Ordinal);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        var part = Assert.Single(message.Content);
        var citation = Assert.IsAssignableFrom<UriCitationMessageAnnotation>(part.OutputTextAnnotations[0]);
        Assert.StartsWith("Leave Policy", citation.Title, StringComparison.Ordinal);
        Assert.Equal("[1]", part.Text[citation.StartIndex..citation.EndIndex]);
        Assert.True(response.Usage.InputTokenCount > 0 && response.Usage.OutputTokenCount > 0);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Responses_StreamsTheEventSequence_InOrder()
    {
        var responses = _client.GetResponsesClient();
        var updates = new List<StreamingResponseUpdate>();
        await foreach (var update in await responses.CreateResponseStreamingAsync(new CreateResponseOptions("default", [ResponseItem.CreateUserMessageItem(LeaveQuestion)]) { StreamingEnabled = true }))
        {
            updates.Add(update);
        }

        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        Assert.IsType<StreamingResponseInProgressUpdate>(updates[1]);
        Assert.IsType<StreamingResponseOutputItemAddedUpdate>(updates[2]);
        Assert.IsType<StreamingResponseContentPartAddedUpdate>(updates[3]);
        Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]);
        Assert.IsType<StreamingResponseOutputItemDoneUpdate>(updates[^2]);
        Assert.IsType<StreamingResponseContentPartDoneUpdate>(updates[^3]);
        Assert.Equal(Enumerable.Range(0, updates.Count), updates.Select(u => u.SequenceNumber));
        Assert.Contains(updates, u => u is StreamingResponseOutputTextAnnotationAddedUpdate);

        var streamed = string.Concat(updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Select(u => u.Delta));
        var done = Assert.Single(updates.OfType<StreamingResponseOutputTextDoneUpdate>());
        var completed = ((StreamingResponseCompletedUpdate)updates[^1]).Response;
        Assert.Equal(streamed, done.Text);
        Assert.Equal(streamed, completed.GetOutputText());
        Assert.Contains("27 days", streamed, StringComparison.Ordinal);
        Assert.True(completed.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Responses_PreviousResponseId_CondensesTheFollowUp_AndAnUnknownOneIs400()
    {
        var responses = _client.GetResponsesClient();
        ResponseResult first = await responses.CreateResponseAsync(new CreateResponseOptions("default", [ResponseItem.CreateUserMessageItem("How long is parental leave?")]));
        ResponseResult followUp = await responses.CreateResponseAsync(
            new CreateResponseOptions("default", [ResponseItem.CreateUserMessageItem("When can it be taken?")]) { PreviousResponseId = first.Id });

        Assert.Contains("first two years after a birth or adoption", followUp.GetOutputText(), StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => responses.CreateResponseAsync(
            new CreateResponseOptions("default", [ResponseItem.CreateUserMessageItem("When can it be taken?")]) { PreviousResponseId = "resp_unknown" }));
        Assert.Equal(400, error.Status);
        Assert.Contains("resp_unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_MaxOutputTokens_GivesAnIncompleteResponse()
    {
        var body = await PostAsync("/v1/responses", new { model = "default", input = LeaveQuestion, max_output_tokens = 12 });

        Assert.Equal("incomplete", body["status"]!.GetValue<string>());
        Assert.Equal("max_output_tokens", body["incomplete_details"]!["reason"]!.GetValue<string>());
        Assert.Equal("incomplete", body["output"]![0]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"model\":\"default\",\"input\":\"How much leave?\",\"tools\":[{\"type\":\"function\",\"name\":\"f\"}]}", "tools", "unsupported_parameter")]
    [InlineData("{\"model\":\"default\",\"input\":\"How much leave?\",\"text\":{\"format\":{\"type\":\"json_object\"}}}", "text.format", "unsupported_parameter")]
    [InlineData("{\"model\":\"default\",\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"x\"}]}", "input", "invalid_value")]
    [InlineData("{\"model\":\"default\",\"input\":42}", "input", "invalid_value")]
    [InlineData("{\"model\":\"default\",\"input\":\"How much leave?\",\"max_output_tokens\":0}", "max_output_tokens", "invalid_value")]
    public async Task Responses_RefusesWhatItDoesNotDo_InOpenAIsErrorShape(string json, string param, string code)
    {
        var response = await _server.Client.PostAsync("/v1/responses", new StringContent(json, Encoding.UTF8, "application/json"));
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, error["param"]!.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Responses_UnknownModel_Is404InOpenAIsShape()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _client.GetResponsesClient().CreateResponseAsync(
            new CreateResponseOptions("nope", [ResponseItem.CreateUserMessageItem(LeaveQuestion)])));

        Assert.Equal(404, error.Status);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TitleGeneration_WithoutAChatModel_IsA400SayingWhy_NotARefusal()
    {
        const string Prompt = "### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n### Output:\nJSON format: { \"title\": \"your concise title here\" }\n### Chat History:\n<chat_history>\nUSER: How much leave do I get?\n</chat_history>";
        foreach (var (path, body, param) in new (string, object, string)[]
        {
            ("/v1/chat/completions", new { model = "default", messages = new[] { new { role = "user", content = Prompt } } }, "messages"),
            ("/v1/responses", new { model = "default", input = Prompt }, "input"),
        })
        {
            var response = await _server.Client.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            var error = JsonNode.Parse(text)!["error"]!;

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("unsupported_task", error["code"]!.GetValue<string>());
            Assert.Equal(param, error["param"]!.GetValue<string>());
            Assert.Contains("chat title", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("no chat model", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain("could not find", text, StringComparison.OrdinalIgnoreCase);
        }

        // An ordinary question that mentions a title is still answered from the documents.
        ChatCompletion question = await _client.GetChatClient("default").CompleteChatAsync([new UserChatMessage("Generate a title for the leave policy: how many days of annual leave do full-time employees receive?")]);
        Assert.Contains("27 days", question.Content[0].Text, StringComparison.Ordinal);
    }

    private async Task<string> RawChatAsync(object body)
    {
        var response = await _server.Client.PostAsJsonAsync("/v1/chat/completions", body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonNode> PostAsync(string path, object body)
    {
        var response = await _server.Client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
