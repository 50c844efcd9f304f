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

    private static ConversationTurn Turn(string standalone, string answer = "An answer.") => new(1, standalone, standalone, answer, true, DateTimeOffset.UnixEpoch);

    private const string Leave = "How many days of annual leave do I get?";
    private const string LeaveAnswer = "Full-time employees receive 27 days of paid annual leave each year, plus public holidays.";
    private const string Vacation = "How many vacation days do new employees get?";
    private const string VacationAnswer = "New employees receive 25 vacation days in their first year.";
    private const string Tail = "How many lines does tail print by default?";
    private const string TailAnswer = "Print the last 10 lines of each FILE to standard output.";
    private const string Buddy = "What is the buddy programme?";
    private const string BuddyAnswer = "Every new starter gets a buddy from another team for the first three months.";
    private const string Trains = "What is the travel reimbursement limit for trains?";

    /// <summary>(previous question, its answer, follow-up, the standalone question expected) — written by hand for this condenser.</summary>
    public static TheoryData<string, string, string, string> FollowUps => new()
    {
        // "they", "them", "it", "its", "their": replaced by the previous turn's subject, nothing appended.
        { Vacation, VacationAnswer, "Can they be carried over?", "Can vacation days be carried over?" },
        { Leave, LeaveAnswer, "Can I carry them over?", "Can I carry days of annual leave over?" },
        { Leave, LeaveAnswer, "How do I request it?", "How do I request days of annual leave?" },
        { Buddy, BuddyAnswer, "How often do they meet?", "How often do buddy programme meet?" },
        { Buddy, BuddyAnswer, "What are its rules?", "What are the buddy programme's rules?" },
        { Vacation, VacationAnswer, "Who approves their use?", "Who approves the vacation days' use?" },
        { "Can I carry annual leave over?", "You may carry over up to 5 unused days.", "Who approves it?", "Who approves annual leave?" },

        // "that", "this", "those" standing for a thing; the subject is the one the answer talks about.
        { Tail, TailAnswer, "How do I change that?", "How do I change lines?" },
        { Leave, LeaveAnswer, "Does that apply to part-time staff?", "Does days of annual leave apply to part-time staff?" },
        { Leave, LeaveAnswer, "Is this the same in Bergen?", "Is days of annual leave the same in Bergen?" },
        { "Which forms do I need for expenses?", "Use form EX-2 for expenses.", "Where do I send those?", "Where do I send forms?" },

        // An elliptical follow-up joins the subject.
        { Trains, "The limit is EUR 90.", "And for flights?", "Travel reimbursement limit for flights?" },
        { Vacation, VacationAnswer, "What about contractors?", "Vacation days for contractors?" },
        { Leave, LeaveAnswer, "What if I am sick?", "Days of annual leave if I am sick?" },

        // Questions that stand alone pass through untouched, however short.
        { Leave, LeaveAnswer, "clear", "clear" },
        { Leave, LeaveAnswer, "Bicycle storage", "Bicycle storage" },
        { Vacation, VacationAnswer, "Who approves expenses over 2,000 euros at headquarters?", "Who approves expenses over 2,000 euros at headquarters?" },
        { Vacation, VacationAnswer, "How do I set up the VPN on a new laptop?", "How do I set up the VPN on a new laptop?" },
        { Vacation, VacationAnswer, "Is there a policy that covers bicycles?", "Is there a policy that covers bicycles?" },
        { Vacation, VacationAnswer, "Is it possible to work from home?", "Is it possible to work from home?" },
        { Vacation, VacationAnswer, "And how long is the notice period?", "And how long is the notice period?" },
        { Tail, TailAnswer, "How do I change that setting?", "How do I change that setting?" },
    };

    [Theory]
    [MemberData(nameof(FollowUps))]
    public void FollowUp_IsRewrittenAgainstThePreviousTurn(string previous, string answer, string followUp, string expected)
    {
        Assert.Equal(expected, _condenser.Condense(followUp, [Turn(previous, answer)]));
    }

    [Fact]
    public void AQuestionWithoutANounPhrase_TakesItsSubjectFromTheAnswer()
    {
        var rewritten = _condenser.Condense("Where is it?", [Turn("Where do I go?", "Secure bicycle storage is in the basement.")]);

        Assert.Equal("Where is Secure bicycle storage?", rewritten);
    }

    [Fact]
    public void AFollowUpOfAFollowUp_RefersToTheRewrittenQuestion()
    {
        ConversationTurn[] history = [Turn(Leave, LeaveAnswer), new(2, "How do I request it?", "How do I request days of annual leave?", "Request leave in Harbour.", true, DateTimeOffset.UnixEpoch)];

        Assert.Equal("Who approves days of annual leave?", _condenser.Condense("Who approves them?", history));
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
        var history = new[] { Turn("How many vacation days do new employees get?", "New employees receive 25 vacation days.") };

        var rewritten = await condenser.CondenseAsync("Can they carry them over?", history);
        reply = "";
        var fallback = await condenser.CondenseAsync("Can they carry them over?", history);

        Assert.Equal("Can new employees carry unused vacation days over?", rewritten);
        Assert.Contains("How many vacation days do new employees get?", seen![1].Text, StringComparison.Ordinal);
        Assert.Contains("User (last question): Can they carry them over?", seen[1].Text, StringComparison.Ordinal);
        Assert.Contains("Assistant: New employees receive 25 vacation days.", seen[1].Text, StringComparison.Ordinal); // the previous answer too
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
