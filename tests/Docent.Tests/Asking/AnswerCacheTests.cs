using Docent.Access;
using Docent.Asking;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Asking;

/// <summary>
/// The answer cache over a real data folder: a repeated question is a hit with the same answer and counted; an ingest, an
/// access change or another caller's scope gets a fresh answer, never another scope's; questions that differ only in case,
/// spacing and the closing mark share an entry. Runs alone (the metric instruments are process-wide).
/// </summary>
[Collection(AnswerCacheMetrics.Name)]
public sealed class AnswerCacheTests : IDisposable
{
    private const string UniqueTerm = "zorblaxian";
    private const string Hits = "docent.answer_cache.hits";
    private const string Misses = "docent.answer_cache.misses";
    private const string Saved = "docent.answer_cache.saved";
    private static readonly AccessScope Hr = AccessScope.For(["group:hr"]);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Handbook => Path.Combine(RepositoryPaths.Samples, "handbook");

    private string WriteMemo() => _dir.Write(
        "hr/salaries.md", $"# Salary review\n\nThe {UniqueTerm} salary bands rise by four percent this year.\n");

    private async Task<DataFolder> OpenWithHandbookAsync()
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_dir.Path, "data") });
        await folder.CreateIngestionPipeline().IngestAsync([Handbook], new IngestOptions());
        return folder;
    }

    [Fact]
    public async Task SameQuestionTwice_SecondIsAHit_WithTheSameAnswer_AndIsCounted()
    {
        var folder = await OpenWithHandbookAsync();
        var pipeline = folder.CreateAskPipeline(new AnswerCache(), null, "default");
        using var metrics = new MetricRecorder("docent.answer_cache.");

        var first = await pipeline.AskAsync("How many days of annual leave do full-time employees receive?");
        var second = await pipeline.AskAsync("How many days of annual leave do full-time employees receive?");

        Assert.False(first.Cached);
        Assert.True(second.Cached);
        Assert.Contains("27 days", first.Answer.Text, StringComparison.Ordinal);
        Assert.Equal(first.Answer, second.Answer);
        Assert.Equal((first.Retrieve, first.Compose), (second.Retrieve, second.Compose));
        Assert.Equal((1, 1), (metrics.Sum(Hits), metrics.Sum(Misses)));
        Assert.Equal(1, metrics.Count(Saved));
    }

    [Fact]
    public async Task IngestBetweenTwoIdenticalQuestions_ChangesTheAnswer_AndIsAMiss()
    {
        var folder = await OpenWithHandbookAsync();
        var pipeline = folder.CreateAskPipeline(new AnswerCache(), null, "default");
        using var metrics = new MetricRecorder("docent.answer_cache.");
        var question = $"By how much do the {UniqueTerm} salary bands rise?";

        var before = await pipeline.AskAsync(question);
        await folder.CreateIngestionPipeline().IngestAsync([WriteMemo()], new IngestOptions());
        var after = await pipeline.AskAsync(question);
        var again = await pipeline.AskAsync(question);

        Assert.DoesNotContain("four percent", before.Answer.Text, StringComparison.Ordinal);
        Assert.False(after.Cached);
        Assert.Contains("four percent", after.Answer.Text, StringComparison.Ordinal);
        Assert.True(again.Cached);
        Assert.Equal((2, 1), (metrics.Sum(Misses), metrics.Sum(Hits)));
    }

    [Fact]
    public async Task RemovalBetweenTwoIdenticalQuestions_IsAMiss()
    {
        var folder = await OpenWithHandbookAsync();
        var memo = WriteMemo();
        await folder.CreateIngestionPipeline().IngestAsync([memo], new IngestOptions());
        var pipeline = folder.CreateAskPipeline(new AnswerCache(), null, "default");
        var question = $"By how much do the {UniqueTerm} salary bands rise?";

        var before = await pipeline.AskAsync(question);
        await folder.RemoveDocumentAsync(memo);
        var after = await pipeline.AskAsync(question);

        Assert.Contains("four percent", before.Answer.Text, StringComparison.Ordinal);
        Assert.False(after.Cached);
        Assert.DoesNotContain("four percent", after.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherScope_NeverGetsAScopesCachedAnswer()
    {
        var folder = await OpenWithHandbookAsync();
        await folder.CreateIngestionPipeline().IngestAsync([WriteMemo()], new IngestOptions { Access = ["group:hr"] });
        var pipeline = folder.CreateAskPipeline(new AnswerCache(), null, "default");
        var question = $"By how much do the {UniqueTerm} salary bands rise?";

        var hr = await pipeline.AskAsync(question, new AskRequest { Access = Hr });
        var outsider = await pipeline.AskAsync(question, new AskRequest { Access = AccessScope.Public });
        var hrAgain = await pipeline.AskAsync(question, new AskRequest { Access = Hr });
        var outsiderAgain = await pipeline.AskAsync(question, new AskRequest { Access = AccessScope.Public });
        var other = await pipeline.AskAsync(question, new AskRequest { Access = AccessScope.For(["group:sales"]) });

        Assert.Contains("four percent", hr.Answer.Text, StringComparison.Ordinal);
        Assert.False(outsider.Cached);
        Assert.True((hrAgain.Cached, outsiderAgain.Cached) == (true, true));
        Assert.False(other.Cached);
        foreach (var result in new[] { outsider, outsiderAgain, other })
        {
            Assert.DoesNotContain("four percent", result.Answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(result.Answer.Citations, c => c.Source.EndsWith("salaries.md", StringComparison.Ordinal));
            Assert.DoesNotContain(result.Answer.ClosestPassages, p => p.Document.Source.EndsWith("salaries.md", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AccessChangeBetweenTwoAsks_Invalidates()
    {
        var folder = await OpenWithHandbookAsync();
        var memo = WriteMemo();
        await folder.CreateIngestionPipeline().IngestAsync([memo], new IngestOptions());
        var pipeline = folder.CreateAskPipeline(new AnswerCache(), null, "default");
        var question = $"By how much do the {UniqueTerm} salary bands rise?";

        var open = await pipeline.AskAsync(question, new AskRequest { Access = AccessScope.Public });
        await folder.SetAccessAsync(memo, ["group:hr"]);
        var closed = await pipeline.AskAsync(question, new AskRequest { Access = AccessScope.Public });

        Assert.Contains("four percent", open.Answer.Text, StringComparison.Ordinal);
        Assert.False(closed.Cached);
        Assert.DoesNotContain("four percent", closed.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuestionsDifferingInCaseSpacingAndClosingMark_ShareAnEntry_OthersDoNot()
    {
        var folder = await OpenWithHandbookAsync();
        var pipeline = folder.CreateAskPipeline(new AnswerCache(), null, "default");

        var first = await pipeline.AskAsync("What is the leave policy?");
        var same = await pipeline.AskAsync("  what is the LEAVE   policy ");
        var other = await pipeline.AskAsync("What is the leave policy for managers?");
        var fewer = await pipeline.AskAsync("What is the leave policy?", new AskRequest { Top = 2 });

        Assert.False(first.Cached);
        Assert.True(same.Cached);
        Assert.Equal(first.Answer, same.Answer);
        Assert.False(other.Cached);
        Assert.False(fewer.Cached);
    }

    [Fact]
    public async Task ConversationQuestions_AreNeverCached()
    {
        var folder = await OpenWithHandbookAsync();
        var pipeline = folder.CreateAskPipeline(new AnswerCache(), null, "default");

        await pipeline.AskAsync("How many days of annual leave?", new AskRequest { ConversationId = "c1" });
        var again = await pipeline.AskAsync("How many days of annual leave?", new AskRequest { ConversationId = "c1" });
        var history = await pipeline.AskAsync("How many days of annual leave?", new AskRequest
        {
            History = [new Docent.Conversation.ConversationTurn(1, "Hi", "Hi", "Hello", true, DateTimeOffset.UnixEpoch)],
        });

        Assert.False(again.Cached);
        Assert.Equal(2, again.Turn);
        Assert.False(history.Cached);
    }
}

/// <summary>The test classes that read the answer cache's process-wide metrics: run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AnswerCacheMetrics
{
    public const string Name = "answer cache metrics";
}
