using System.Runtime.CompilerServices;
using Docent.Answering;
using Docent.Asking;

namespace Docent.Tests.Asking;

/// <summary>
/// The caching decorator over a scripted pipeline: what it stores (never a failed or cancelled question), how a streamed
/// hit replays, how it evicts, and how questions are normalised.
/// </summary>
[Collection(AnswerCacheMetrics.Name)]
public sealed class CachingAskPipelineTests
{
    private static CachingAskPipeline Cached(IAskPipeline inner, AnswerCache cache, Func<string>? version = null) =>
        new(inner, cache, "folder", _ => Task.FromResult(version?.Invoke() ?? "1"));

    [Fact]
    public async Task AStreamedHit_ReplaysTheStandaloneQuestion_TheTextAsOnePiece_AndTheResult()
    {
        var inner = new ScriptedPipeline { Deltas = ["Twenty-", "seven days."] };
        var pipeline = Cached(inner, new AnswerCache());

        await pipeline.AskAsync("How long?");
        var updates = new List<AskUpdate>();
        await foreach (var update in pipeline.AskStreamingAsync("How long?"))
        {
            updates.Add(update);
        }

        Assert.Equal(1, inner.Calls);
        Assert.Equal(3, updates.Count);
        Assert.Equal("How long?", updates[0].StandaloneQuestion);
        Assert.Equal("Twenty-seven days.", updates[1].Delta);
        Assert.True(updates[2].Result!.Cached);
    }

    [Fact]
    public async Task AFailedOrCancelledQuestion_IsNotStored()
    {
        var inner = new ScriptedPipeline { Fail = true };
        var cache = new AnswerCache();
        var pipeline = Cached(inner, cache);

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.AskAsync("Q"));
        inner.Fail = false;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pipeline.AskAsync("Q", cancellationToken: cancelled.Token));
        Assert.Equal(0, cache.Count);

        await pipeline.AskAsync("Q");
        await pipeline.AskAsync("Q");
        Assert.Equal(1, cache.Count);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task TheLeastRecentlyUsedAnswerIsDropped_AndANewVersionDropsTheOldOnes()
    {
        var inner = new ScriptedPipeline();
        var cache = new AnswerCache(maxEntries: 2);
        var version = "1";
        var pipeline = Cached(inner, cache, () => version);

        await pipeline.AskAsync("a");
        await pipeline.AskAsync("b");
        await pipeline.AskAsync("a"); // a is now the most recent
        await pipeline.AskAsync("c"); // drops b
        Assert.True((await pipeline.AskAsync("a")).Cached);
        Assert.False((await pipeline.AskAsync("b")).Cached);
        Assert.Equal(2, cache.Count);

        version = "2";
        Assert.False((await pipeline.AskAsync("a")).Cached);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task FoldersSharingACache_DoNotShareAnswers()
    {
        var cache = new AnswerCache();
        var first = new ScriptedPipeline();
        var second = new ScriptedPipeline();
        await new CachingAskPipeline(first, cache, "one", _ => Task.FromResult("1")).AskAsync("Q");
        var result = await new CachingAskPipeline(second, cache, "two", _ => Task.FromResult("1")).AskAsync("Q");

        Assert.False(result.Cached);
        Assert.Equal(1, second.Calls);
    }

    [Theory]
    [InlineData("What is the leave policy?", "what is the leave policy")]
    [InlineData("  what is the LEAVE\t\npolicy ?! ", "what is the leave policy")]
    [InlineData("Was kostet   das？", "was kostet das")]
    [InlineData("What is 2.5 + 1?", "what is 2.5 + 1")]
    [InlineData("¿Cuántos días?", "¿cuántos días")]
    [InlineData("Is it C#?", "is it c#")]
    public void Normalisation_FoldsCaseSpacingAndTheClosingMarkOnly(string question, string expected) =>
        Assert.Equal(expected, AnswerCache.NormalizeQuestion(question));

    [Fact]
    public void Normalisation_KeepsApartQuestionsThatDifferInWordsOrInnerPunctuation()
    {
        string[] questions = ["Is it C#?", "Is it C?", "Who approves travel?", "Who approves travel, and when?", "what is 2.5", "what is 25", "not allowed?", "allowed?"];
        Assert.Equal(questions.Length, questions.Select(AnswerCache.NormalizeQuestion).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(AnswerCache.NormalizeQuestion("Café?"), AnswerCache.NormalizeQuestion("Cafe\u0301"));
    }

    /// <summary>A pipeline that answers every question with a fixed result (after optional text pieces), or fails.</summary>
    private sealed class ScriptedPipeline : IAskPipeline
    {
        public int Calls { get; private set; }

        public bool Fail { get; set; }

        public IReadOnlyList<string> Deltas { get; init; } = [];

        public async Task<AskResult> AskAsync(string question, AskRequest? request = null, CancellationToken cancellationToken = default)
        {
            AskResult? result = null;
            await foreach (var update in AskStreamingAsync(question, request, cancellationToken))
            {
                result = update.Result ?? result;
            }

            return result!;
        }

        public async IAsyncEnumerable<AskUpdate> AskStreamingAsync(
            string question, AskRequest? request = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Calls++;
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new AskUpdate(StandaloneQuestion: question);
            foreach (var delta in Deltas)
            {
                yield return new AskUpdate(Delta: delta);
            }

            if (Fail)
            {
                throw new InvalidOperationException("The model is down.");
            }

            var answer = new Answer(question, string.Concat(Deltas), true, [], []);
            yield return new AskUpdate(Result: new AskResult(answer, question, null, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20)));
        }
    }
}
