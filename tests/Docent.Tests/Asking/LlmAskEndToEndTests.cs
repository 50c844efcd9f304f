using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docent.Answering;
using Docent.Asking;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Models;
using Docent.Storage;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Asking;

/// <summary>
/// The model path end to end over real HTTP: the sample handbook ingested, a chat model configured to point at an
/// in-process OpenAI-compatible server, questions asked through <see cref="AskPipeline"/>: streamed text, grounding
/// verdicts, conversation rewriting and storage, and failures that store nothing.
/// </summary>
public sealed partial class LlmAskEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private FakeOpenAIServer _server = null!;
    private DataFolder _folder = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        var options = new DocentOptions { DataDirectory = _data.Path };
        options.Settings.Chat = new ChatModelSettings { Endpoint = _server.BaseUrl, Model = "fake-chat", MaxRetries = 0, RetryDelaySeconds = 0.01 };
        _folder = await DataFolder.OpenAsync(options);
        var report = await _folder.CreateIngestionPipeline().IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")], new IngestOptions());
        Assert.Empty(report.Failed);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>The number the prompt gave the source whose text contains <paramref name="phrase"/>.</summary>
    private static int SourceNumber(JsonNode body, string phrase)
    {
        var prompt = body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        foreach (Match block in SourceBlock().Matches(prompt))
        {
            if (Text(block).Contains(phrase, StringComparison.Ordinal))
            {
                return int.Parse(block.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"No source in the prompt contains \"{phrase}\".");
    }

    /// <summary>The number of a source in the prompt whose text lacks <paramref name="phrase"/>.</summary>
    private static int SourceWithout(JsonNode body, string phrase)
    {
        var prompt = body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        return SourceBlock().Matches(prompt).Where(b => !Text(b).Contains(phrase, StringComparison.Ordinal))
            .Select(b => int.Parse(b.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).First();
    }

    /// <summary>Streams a reply whose first sentence cites the right source and whose second invents a fact.</summary>
    private static Func<Microsoft.AspNetCore.Http.HttpContext, JsonNode, Task> GroundedThenInvented() => (context, body) =>
    {
        var n = SourceNumber(body, "27 days");
        return FakeOpenAIServer.ChatStream(
            "Full-time employees receive ", $"27 days of paid annual leave each year [{n}]. ",
            $"Unused leave is paid out at 150% of salary [{n}].")(context, body);
    };

    [Fact]
    public async Task StreamedAnswer_EverySentenceIsSupportedOrReported()
    {
        _server.Enqueue(GroundedThenInvented());
        var pipeline = _folder.CreateAskPipeline();
        var deltas = new List<string>();
        AskResult? result = null;

        await foreach (var update in pipeline.AskStreamingAsync("How many days of annual leave do full-time employees receive?"))
        {
            if (update.Delta is { } delta)
            {
                deltas.Add(delta);
            }

            result = update.Result ?? result;
        }

        Assert.True(pipeline.Streams);
        Assert.True(deltas.Count >= 3);
        var answer = result!.Answer;
        Assert.True(answer.Found);
        Assert.Equal("fake-chat", answer.Model);
        var unsupported = Assert.Single(answer.Unsupported);
        Assert.Contains("150%", unsupported.Sentence, StringComparison.Ordinal);
        Assert.Contains("150", unsupported.Reason, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        Assert.EndsWith("leave-policy.docx", citation.Source, StringComparison.Ordinal);
        Assert.Contains("27 days", citation.Quote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropUnsupported_RemovesTheInventedSentence_ButStillReportsIt()
    {
        _server.Enqueue(GroundedThenInvented());

        var result = await _folder.CreateAskPipeline().AskAsync(
            "How many days of annual leave do full-time employees receive?", new AskRequest { Answering = new AnswerOptions { DropUnsupported = true } });

        Assert.DoesNotContain("150%", result.Answer.Text, StringComparison.Ordinal);
        Assert.Contains("27 days", result.Answer.Text, StringComparison.Ordinal);
        Assert.True(Assert.Single(result.Answer.Unsupported).Dropped);
    }

    [Fact]
    public async Task TheFoldersDropUnsupportedSettingIsTheDefault_AndARequestOverridesIt()
    {
        var options = new DocentOptions { DataDirectory = _data.Path };
        options.Settings.Chat = new ChatModelSettings { Endpoint = _server.BaseUrl, Model = "fake-chat", MaxRetries = 0, RetryDelaySeconds = 0.01 };
        options.Settings.DropUnsupported = true;
        var folder = await DataFolder.OpenAsync(options);
        const string question = "How many days of annual leave do full-time employees receive?";

        _server.Enqueue(GroundedThenInvented());
        var byDefault = await folder.CreateAskPipeline().AskAsync(question);
        _server.Enqueue(GroundedThenInvented());
        var overridden = await folder.CreateAskPipeline().AskAsync(question, new AskRequest { Answering = new AnswerOptions { DropUnsupported = false } });

        Assert.DoesNotContain("150%", byDefault.Answer.Text, StringComparison.Ordinal);
        Assert.Contains("150%", overridden.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCitationIndex_IsReported()
    {
        _server.Enqueue((context, body) =>
        {
            var wrong = SourceWithout(body, "27");
            return FakeOpenAIServer.Chat($"Full-time employees receive 27 days of paid annual leave each year [{wrong}].")(context, body);
        });

        var result = await _folder.CreateAskPipeline().AskAsync("How many days of annual leave do full-time employees receive?");

        Assert.True(result.Answer.Found);
        Assert.Contains("27", Assert.Single(result.Answer.Unsupported).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUp_IsCondensedByTheModel_AndTurnsAreStored()
    {
        var pipeline = _folder.CreateAskPipeline();
        _server.Enqueue(GroundedThenInvented());
        await pipeline.AskAsync("How many days of annual leave do full-time employees receive?", new AskRequest { ConversationId = "leave" });

        _server.Enqueue(FakeOpenAIServer.Chat("How many unused annual leave days can full-time employees carry over?"));
        _server.Enqueue((context, body) => FakeOpenAIServer.Chat($"You may carry over up to 5 unused days [{SourceNumber(body, "carry over")}].")(context, body));
        var second = await pipeline.AskAsync("How many can they carry over?", new AskRequest { ConversationId = "leave" });

        Assert.Equal("How many unused annual leave days can full-time employees carry over?", second.StandaloneQuestion);
        Assert.Equal(2, second.Turn);
        Assert.True(second.Answer.Found);
        Assert.Contains("5 unused days", second.Answer.Text, StringComparison.Ordinal);
        Assert.Empty(second.Answer.Unsupported);
        var condenseRequest = _server.Requests.ToList()[1].Body;
        Assert.Contains("How many days of annual leave", condenseRequest.ToJsonString(), StringComparison.Ordinal);
        var turns = await new ConversationStore(_folder.Store).GetTurnsAsync("leave");
        Assert.Equal(["How many days of annual leave do full-time employees receive?", "How many can they carry over?"], turns.Select(t => t.Question));
    }

    [Fact]
    public async Task ModelFailure_IsAClearError_AndStoresNoTurn()
    {
        _server.DefaultBehaviour = FakeOpenAIServer.Status(500);

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() =>
            _folder.CreateAskPipeline().AskAsync("How many days of annual leave do full-time employees receive?", new AskRequest { ConversationId = "broken" }));

        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Empty(await new ConversationStore(_folder.Store).GetTurnsAsync("broken"));
    }

    [Fact]
    public async Task StreamInTheWrongFormat_IsAClearError_NotASilentNotFound()
    {
        _server.Enqueue(FakeOpenAIServer.Raw("{\"id\": \"not-a-stream\"}"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            _folder.CreateAskPipeline().AskAsync("How many days of annual leave do full-time employees receive?", new AskRequest { ConversationId = "wrong-format" }));

        Assert.Contains("empty reply", error.Message, StringComparison.Ordinal);
        Assert.Empty(await new ConversationStore(_folder.Store).GetTurnsAsync("wrong-format"));
    }

    /// <summary>A source block without its fence tags, whose random 12-hex code (e.g. one holding "27") must not decide which block a phrase is in.</summary>
    private static string Text(Match block) => FenceTag().Replace(block.Value, "");

    [GeneratedRegex(@"(?ms)^\[(\d+)\] Title:.*?(?=^\[\d+\] Title:|\z)")]
    private static partial Regex SourceBlock();

    [GeneratedRegex(@"</?source-[0-9a-f]{12}[^>]*>")]
    private static partial Regex FenceTag();
}
