using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Evaluation;
using Docent.Feedback;
using Docent.Tests.TestSupport;

namespace Docent.Server.Tests;

/// <summary>
/// Thumbs up and down through the API: stored in the collection's feedback file with the server's own record of the turn,
/// counted in /metrics, refused when malformed, and exported as a golden set that `docent eval qa --golden` loads; and the
/// chat list the browser shows.
/// </summary>
public sealed class FeedbackApiTests
{
    [Fact]
    public async Task Feedback_OnAStoredTurn_IsKeptCountedAndExportedAsAGoldenSet()
    {
        await using var server = await ServerFixture.StartAsync();
        (await server.UploadHandbookAsync("default", "leave-policy.docx")).EnsureSuccessStatusCode();
        var asked = await server.Client.PostAsJsonAsync("/api/collections/default/ask", new { question = "How many days of annual leave do full-time employees receive?", newConversation = true });
        var answer = JsonNode.Parse(await asked.Content.ReadAsStringAsync())!;
        var conversation = answer["conversationId"]!.GetValue<string>();

        // The chat list shows the conversation titled by its question.
        var list = JsonNode.Parse(await server.Client.GetStringAsync("/api/collections/default/conversations"))!["conversations"]!.AsArray();
        var listed = Assert.Single(list);
        Assert.Equal(conversation, listed!["id"]!.GetValue<string>());
        Assert.Equal("How many days of annual leave do full-time employees receive?", listed["title"]!.GetValue<string>());
        Assert.Equal(1, listed["turns"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/collections/default/conversations?limit=0")).StatusCode);

        // The client's words are not trusted for a stored turn: the server's question and answer are kept.
        var posted = await server.Client.PostAsJsonAsync("/api/collections/default/feedback", new { rating = "up", conversationId = conversation, turn = 1, question = "forged", answer = "forged" });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        (await server.Client.PostAsJsonAsync("/api/collections/default/feedback", new { rating = "down", question = "Is there a company car?", answer = "Yes.", found = true, comment = "made up" })).EnsureSuccessStatusCode();

        var records = FeedbackLog.Read(server.Data.Path);
        Assert.Equal(2, records.Count);
        Assert.True(records[0].Up);
        Assert.Equal("How many days of annual leave do full-time employees receive?", records[0].Question);
        Assert.Equal(answer["answer"]!.GetValue<string>(), records[0].Answer);
        Assert.Equal((conversation, 1), (records[0].ConversationId, records[0].Turn));
        Assert.Equal(("made up", false), (records[1].Comment, records[1].Up));

        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("docent_feedback_total{", metrics, StringComparison.Ordinal);
        Assert.Matches("docent_feedback_total\\{[^}]*rating=\"up\"", metrics);

        // Only the approved answer becomes a golden question; the golden-set reader accepts the file.
        var lines = FeedbackLog.ToGoldenLines(records);
        using var folder = new TempDirectory();
        var golden = Path.Combine(folder.Path, "golden.jsonl");
        await File.WriteAllLinesAsync(golden, lines);
        var question = Assert.Single(GoldenSet.Load(golden).Questions);
        Assert.Equal("How many days of annual leave do full-time employees receive?", question.Question);
        Assert.Contains("27 days", Assert.Single(question.Expect), StringComparison.Ordinal);
        Assert.DoesNotContain("[1]", question.Expect[0], StringComparison.Ordinal);
        Assert.False(question.Unanswerable);
    }

    [Theory]
    [InlineData("""{"rating":"meh","question":"q","answer":"a"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"rating":"up","question":"q"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"rating":"up","turn":1,"question":"q","answer":"a"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"rating":"up","conversationId":"no such id!"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"rating":"up","conversationId":"never-started","turn":1}""", HttpStatusCode.NotFound)]
    public async Task MalformedFeedback_IsRefusedAndNotStored(string body, HttpStatusCode expected)
    {
        await using var server = await ServerFixture.StartAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(expected, (await server.Client.PostAsync("/api/collections/default/feedback", content)).StatusCode);
        Assert.Empty(FeedbackLog.Read(server.Data.Path));
    }

    [Fact]
    public void AnApprovedRefusal_BecomesAnUnanswerableQuestion_AndTheLatestVerdictCounts()
    {
        var now = DateTimeOffset.UtcNow;
        var lines = FeedbackLog.ToGoldenLines(
        [
            new FeedbackRecord(now, true, "Who is the CEO?", "I could not find this in the documents.", Found: false),
            new FeedbackRecord(now, true, "Parking?", "Free parking [2].", Found: true),
            new FeedbackRecord(now, false, "parking? ", "Free parking [2].", Found: true),
        ]);

        var line = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal("Who is the CEO?", line["question"]!.GetValue<string>());
        Assert.True(line["unanswerable"]!.GetValue<bool>());
    }
}
