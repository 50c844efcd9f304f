using Docent.Agents;
using Docent.Answering;
using Docent.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Docent.Server.Tests.Library;

/// <summary>A collection as an IChatClient over the real engine: the answer, its citations as annotations and properties, streaming, history.</summary>
public sealed class DocentChatClientTests(HandbookLibraryFixture handbook) : IClassFixture<HandbookLibraryFixture>
{
    private const string Question = "How many days of holiday do I get each year?";
    private const string Expected = "27 days of paid annual leave";

    [Fact]
    public async Task TheKeyedChatClientAnswersWithCitationAnnotationsOverTheMarkers()
    {
        var chat = handbook.Services.GetRequiredKeyedService<IChatClient>(DocentServiceOptions.ServiceKey);
        var response = await chat.GetResponseAsync(Question);

        Assert.Contains(Expected, response.Text, StringComparison.Ordinal);
        var text = Assert.IsType<TextContent>(Assert.Single(Assert.Single(response.Messages).Contents));
        var citations = text.Annotations!.OfType<CitationAnnotation>().ToList();
        Assert.NotEmpty(citations);
        var first = citations.First(c => c.Snippet!.Contains(Expected, StringComparison.Ordinal));
        Assert.Equal("Leave Policy", first.Title);
        Assert.Equal("handbook/leave-policy.docx", first.AdditionalProperties!["source"]);
        Assert.Equal(CitationAnnotations.ToolName, first.ToolName);
        Assert.True(first.Url!.IsFile);
        // Each region is the citation's own "[n]" marker in the answer text.
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(first.AnnotatedRegions!));
        Assert.Equal($"[{first.AdditionalProperties["index"]}]", text.Text[region.StartIndex!.Value..region.EndIndex!.Value]);

        var records = Assert.IsAssignableFrom<IReadOnlyList<Citation>>(response.AdditionalProperties![DocentChatClient.CitationsKey]);
        Assert.Equal(citations.Count, records.Count);
        Assert.Equal(true, response.AdditionalProperties[DocentChatClient.FoundKey]);
        Assert.Equal("default", chat.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task StreamingEndsWithTheCheckedAnswerAndItsCitations()
    {
        var chat = handbook.Docent.AsChatClient();
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(Question))
        {
            updates.Add(update);
        }

        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        var response = updates.ToChatResponse();
        Assert.Contains(Expected, response.Text, StringComparison.Ordinal);
        var annotations = response.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? []).OfType<CitationAnnotation>().ToList();
        Assert.Contains(annotations, a => a.Snippet!.Contains(Expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AQuestionTheHandbookDoesNotAnswerIsRefusedWithoutCitations()
    {
        var response = await handbook.Docent.AsChatClient().GetResponseAsync("What is the airspeed velocity of an unladen swallow?");

        Assert.Equal(false, response.AdditionalProperties![DocentChatClient.FoundKey]);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).SelectMany(c => c.Annotations ?? []));
    }

    [Fact]
    public async Task ItAnswersTheLastUserMessageAndNeedsOne()
    {
        var chat = handbook.Docent.AsChatClient();
        var response = await chat.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "You are helpful."),
            new ChatMessage(ChatRole.User, Question),
            new ChatMessage(ChatRole.Assistant, "27 days. [1]"),
            new ChatMessage(ChatRole.User, "How long does my password have to be?"),
        ]);
        Assert.Contains("at least 16 characters long", response.Text, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => chat.GetResponseAsync([new ChatMessage(ChatRole.System, "Only a system message.")]));
        Assert.Contains("last user message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACollectionNameIsChecked() =>
        Assert.Throws<ArgumentException>(() => handbook.Docent.AsChatClient("Not A Name"));
}
