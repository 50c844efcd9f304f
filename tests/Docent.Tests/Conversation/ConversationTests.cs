using Docent.Conversation;
using Docent.Storage;
using Docent.Tests.TestSupport;
using Docent.Text;
using Microsoft.Extensions.AI;

namespace Docent.Tests.Conversation;

/// <summary>Follow-up rewriting (deterministic and by model) and the stored history.</summary>
public sealed class ConversationTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly DeterministicQueryCondenser _condenser = new(new EnglishAnalyzer());

    public void Dispose() => _temp.Dispose();

    private static ConversationTurn Turn(string standalone) => new(1, standalone, standalone, "An answer.", true, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Pronoun_IsResolvedToThePreviousTopic_AndKeyTermsCarried()
    {
        var rewritten = _condenser.Condense("Can they be carried over?", [Turn("How many vacation days do new employees get?")]);

        Assert.StartsWith("Can vacation days be carried over", rewritten, StringComparison.Ordinal);
        Assert.Contains("new employees", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void EllipticalFollowUp_CarriesThePreviousTerms()
    {
        var rewritten = _condenser.Condense("And for flights?", [Turn("What is the travel reimbursement limit for trains?")]);

        Assert.Contains("flights", rewritten, StringComparison.Ordinal);
        Assert.Contains("travel reimbursement limit", rewritten, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Who approves expenses over 2,000 euros at headquarters?")]
    [InlineData("How do I set up the VPN on a new laptop?")]
    public void StandaloneQuestion_PassesThroughUnchanged(string question)
    {
        Assert.Equal(question, _condenser.Condense(question, [Turn("How many vacation days do new employees get?")]));
    }

    [Fact]
    public void FirstQuestion_IsNotRewritten()
    {
        Assert.Equal("What is it?", _condenser.Condense("What is it?", []));
    }

    [Fact]
    public async Task ModelCondenser_SendsHistory_AndUsesTheReply_OrFallsBack()
    {
        IList<ChatMessage>? seen = null;
        var reply = "Can new employees carry unused vacation days over?";
        var chat = new DelegatingFakeChat((messages, _) => { seen = messages; return reply; });
        var condenser = new LlmQueryCondenser(chat, _condenser);
        var history = new[] { Turn("How many vacation days do new employees get?") };

        var rewritten = await condenser.CondenseAsync("Can they carry them over?", history);
        reply = "";
        var fallback = await condenser.CondenseAsync("Can they carry them over?", history);

        Assert.Equal("Can new employees carry unused vacation days over?", rewritten);
        Assert.Contains("How many vacation days do new employees get?", seen![1].Text, StringComparison.Ordinal);
        Assert.Contains("User (last question): Can they carry them over?", seen[1].Text, StringComparison.Ordinal);
        Assert.Contains("vacation days", fallback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_AppendsTurnsInOrder_PerConversation()
    {
        var store = new ConversationStore(await SqliteDocumentStore.OpenAsync(_temp.Path));

        await store.AppendTurnAsync("team-1", "Q1", "Q1", "A1", true);
        await store.AppendTurnAsync("other", "X", "X", "Y", false);
        var second = await store.AppendTurnAsync("team-1", "Q2", "Q2 standalone", "A2", false);
        var turns = await store.GetTurnsAsync("team-1");

        Assert.Equal(2, second.Ordinal);
        Assert.Equal(["Q1", "Q2"], turns.Select(t => t.Question));
        Assert.Equal("Q2 standalone", turns[1].StandaloneQuestion);
        Assert.False(turns[1].Found);
        Assert.Empty(await store.GetTurnsAsync("missing"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("../escape")]
    public void BadConversationIds_AreRefused(string id)
    {
        Assert.Throws<ArgumentException>(() => ConversationStore.ValidateId(id));
    }

    /// <summary>A chat client whose reply a delegate computes.</summary>
    private sealed class DelegatingFakeChat(Func<IList<ChatMessage>, ChatOptions?, string> reply) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(messages.ToList(), options))));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
