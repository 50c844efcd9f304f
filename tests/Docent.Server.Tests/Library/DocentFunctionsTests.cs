using System.Runtime.CompilerServices;
using System.Text.Json;
using Docent.Agents;
using Microsoft.Extensions.AI;

namespace Docent.Server.Tests.Library;

/// <summary>A collection's search and ask as AIFunctions: called directly, and by an agent loop (FunctionInvokingChatClient).</summary>
public sealed class DocentFunctionsTests(HandbookLibraryFixture handbook) : IClassFixture<HandbookLibraryFixture>
{
    [Fact]
    public async Task SearchReturnsRankedPassagesOfTheHandbook()
    {
        var search = handbook.Docent.CreateFunctions().Single(f => f.Name == DocentFunctions.SearchName);
        Assert.Contains("\"query\"", search.JsonSchema.GetRawText(), StringComparison.Ordinal);

        var result = (JsonElement)(await search.InvokeAsync(new AIFunctionArguments { ["query"] = "password length characters", ["top"] = 3 }))!;

        var passages = result.EnumerateArray().ToList();
        Assert.InRange(passages.Count, 1, 3);
        Assert.Equal(1, passages[0].GetProperty("rank").GetInt32());
        Assert.Equal("handbook/it-support.html", passages[0].GetProperty("source").GetString());
        Assert.Contains("16 characters", passages[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchRefusesATopOutOfRange()
    {
        var search = handbook.Docent.CreateFunctions().Single(f => f.Name == DocentFunctions.SearchName);
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await search.InvokeAsync(new AIFunctionArguments { ["query"] = "vpn", ["top"] = 500 }));
        Assert.Contains("between 1 and 50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentLoopCallsAskDocumentsAndGetsACitedAnswer()
    {
        // The model is scripted (no language model runs here): it calls ask_documents, then repeats what the tool returned.
        // The function, the engine and the invocation loop are real.
        using var model = new ToolCallingModel(DocentFunctions.AskName, new Dictionary<string, object?> { ["question"] = "How long does my password have to be?" });
        using var agent = model.AsBuilder().UseFunctionInvocation().Build();

        var response = await agent.GetResponseAsync("What are the password rules?", new ChatOptions { Tools = [.. handbook.Docent.CreateFunctions()] });

        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        var answer = (JsonElement)result.Result!;
        Assert.True(answer.GetProperty("found").GetBoolean());
        Assert.Contains("at least 16 characters long", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var citation = answer.GetProperty("citations")[0];
        Assert.Equal("handbook/it-support.html", citation.GetProperty("source").GetString());
        Assert.Contains("at least 16 characters long", response.Text, StringComparison.Ordinal);
    }

    /// <summary>A model that asks for one tool call, then answers with the tool's result as text.</summary>
    private sealed class ToolCallingModel(string function, IDictionary<string, object?> arguments) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().FirstOrDefault();
            var reply = result is null
                ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", function, arguments)])
                : new ChatMessage(ChatRole.Assistant, JsonSerializer.Serialize(result.Result));
            return Task.FromResult(new ChatResponse(reply));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
