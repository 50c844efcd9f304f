using Docent.Answering;
using Docent.Asking;
using Docent.Hosting;
using Docent.Indexing;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Docent.Tests.Hosting;

/// <summary>
/// The engine logs through the host's ILoggerFactory (ModelServices.LoggerFactory): an ingest logs each file's outcome
/// and the run's totals, the indexes log their rebuilds, saves and swaps, an ask logs its stages, lock waits are logged,
/// and user text (questions, answers, document text) is logged at Trace only.
/// </summary>
public sealed class EngineLoggingTests : IDisposable
{
    private const string Question = "How many days of annual leave do full-time employees receive?";
    private const string LeaveSentence = "Full-time employees receive 25 days of annual leave each year.";

    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();
    private readonly CollectingLoggerProvider _log = new();
    private readonly ILoggerFactory _loggers;

    public EngineLoggingTests() => _loggers = _log.CreateFactory();

    public void Dispose()
    {
        _loggers.Dispose();
        _docs.Dispose();
        _data.Dispose();
    }

    private Task<DataFolder> OpenAsync(ILoggerFactory? loggers = null) =>
        DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path }, new ModelServices { LoggerFactory = loggers ?? _loggers });

    private async Task<DataFolder> IngestedAsync()
    {
        _docs.Write("leave.md", $"# Leave\n\n{LeaveSentence}\n");
        var folder = await OpenAsync();
        await folder.CreateIngestionPipeline().IngestAsync([_docs.Path]);
        return folder;
    }

    [Fact]
    public async Task An_ingest_logs_each_files_outcome_and_the_totals()
    {
        var good = _docs.Write("good.md", "# Ships\n\nThe lighthouse keeper logs every ship.\n");
        var empty = _docs.Write("empty.md", "");
        var folder = await OpenAsync();

        var report = await folder.CreateIngestionPipeline().IngestAsync([_docs.Path]);

        Assert.Equal(1, report.Added);
        var added = Assert.Single(_log.WithId(1001));
        Assert.Equal(LogLevel.Debug, added.Level);
        Assert.Equal(IngestStatus.Added, added["Status"]);
        Assert.Equal(good, added["Path"]);
        Assert.Equal(1, added["Chunks"]);
        var failed = Assert.Single(_log.WithId(1002));
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal(empty, failed["Path"]);
        Assert.Contains("empty file", failed.Message, StringComparison.Ordinal);
        var finished = Assert.Single(_log.WithId(1004));
        Assert.Equal(LogLevel.Information, finished.Level);
        Assert.Equal(1, finished["Added"]);
        Assert.Equal(1, finished["Failed"]);
        Assert.Equal(typeof(IngestionPipeline).FullName, finished.Category);

        // The store was new: the lexical index was rebuilt on open, then caught up with the ingest and saved.
        Assert.Contains(_log.WithId(2001), e => Equals(e["Index"], "lexical") && e.Message.Contains("no index file yet", StringComparison.Ordinal));
        Assert.Contains(_log.WithId(2003), e => Equals(e["Index"], "lexical") && (int)e["Changes"]! > 0);
        Assert.Contains(_log.WithId(2004), e => Equals(e["Index"], "lexical"));
    }

    [Fact]
    public async Task A_second_ingest_logs_unchanged_files_and_opening_reads_the_saved_index()
    {
        await IngestedAsync();
        var second = new CollectingLoggerProvider();
        using var loggers = second.CreateFactory();

        await (await OpenAsync(loggers)).CreateIngestionPipeline().IngestAsync([_docs.Path]);

        Assert.Equal(IngestStatus.Unchanged, Assert.Single(second.WithId(1001))["Status"]);
        Assert.Contains(second.WithId(2000), e => Equals(e["Index"], "lexical"));
        Assert.Empty(second.WithId(2001));
    }

    [Fact]
    public async Task An_ask_logs_the_condensed_question_the_retrieval_and_the_answer()
    {
        var folder = await IngestedAsync();

        var result = await folder.CreateAskPipeline().AskAsync(Question);

        Assert.True(result.Answer.Found);
        var received = Assert.Single(_log.WithId(3000));
        Assert.Equal(Question.Length, received["QuestionLength"]);
        var hash = received["QuestionHash"];
        Assert.Equal(hash, Assert.Single(_log.WithId(3002))["QuestionHash"]);
        var retrieved = Assert.Single(_log.WithId(3004));
        Assert.Equal(hash, retrieved["QuestionHash"]);
        Assert.True((int)retrieved["Passages"]! >= 1);
        var answered = Assert.Single(_log.WithId(3005));
        Assert.Equal(LogLevel.Information, answered.Level);
        Assert.Equal("extractive", answered["Model"]);
        Assert.Equal(result.Answer.Citations.Count, answered["Citations"]);
        Assert.Empty(_log.WithId(3006));
    }

    [Fact]
    public async Task A_question_the_documents_do_not_answer_logs_not_found()
    {
        var folder = await IngestedAsync();

        var result = await folder.CreateAskPipeline().AskAsync("Which submarine carries the periscope?");

        Assert.False(result.Answer.Found);
        Assert.Single(_log.WithId(3006));
        Assert.Empty(_log.WithId(3005));
    }

    [Fact]
    public async Task Questions_answers_and_document_text_appear_only_at_trace()
    {
        var folder = await IngestedAsync();

        await folder.CreateAskPipeline().AskAsync(Question);

        static bool Mentions(CollectingLoggerProvider.LogEntry entry, string text) =>
            entry.Message.Contains(text, StringComparison.Ordinal) ||
            entry.State.Any(p => p.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true);
        var entries = _log.Entries;
        Assert.DoesNotContain(entries, e => e.Level > LogLevel.Trace && (Mentions(e, "annual leave") || Mentions(e, "25 days")));

        // At Trace they are there: the question, the chunk stored and the answer that quotes it.
        Assert.Contains(_log.WithId(3001), e => e.Level == LogLevel.Trace && Mentions(e, Question));
        Assert.Contains(_log.WithId(1005), e => e.Level == LogLevel.Trace && Mentions(e, LeaveSentence));
        Assert.Contains(_log.WithId(3008), e => e.Level == LogLevel.Trace && Mentions(e, "25 days"));
    }

    [Fact]
    public async Task Sentences_the_grounding_check_dropped_are_logged_without_their_text()
    {
        var folder = await IngestedAsync();
        var answer = new Answer(Question, "Twenty-five days [1].", true, [], [])
        {
            Unsupported = [new UnsupportedSentence("Staff also get a yacht [2].", "cites no source") { Dropped = true }],
            Model = "fake-model",
        };
        var pipeline = new AskPipeline(
            folder.Retriever, new FixedAnswerGenerator(answer), folder.CreateQueryCondenser(), new ConversationStore(folder.Store),
            logger: _loggers.CreateLogger<AskPipeline>());

        await pipeline.AskAsync(Question);

        var dropped = Assert.Single(_log.WithId(3007));
        Assert.Equal(1, dropped["Unsupported"]);
        Assert.Equal(1, dropped["Dropped"]);
        Assert.DoesNotContain("yacht", dropped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_for_another_writers_lock_is_logged_with_the_wait()
    {
        _docs.Write("a.md", "# A\n\nThe lighthouse keeper logs every ship.\n");
        var folder = await OpenAsync();
        var held = DataFolderLock.Acquire(_data.Path);

        // The other writer lets go the moment this ingest starts waiting: no timing involved.
        var report = await folder.CreateIngestionPipeline().IngestAsync([_docs.Path], new IngestOptions { WaitingForLock = held.Dispose });

        Assert.Equal(1, report.Added);
        var waiting = Assert.Single(_log.WithId(2010));
        Assert.Equal(LogLevel.Information, waiting.Level);
        Assert.Equal(_data.Path, waiting["DataDirectory"]);
        Assert.Single(_log.WithId(2011));
    }

    [Fact]
    public async Task A_reader_whose_index_fell_behind_the_trimmed_log_logs_the_swap()
    {
        var reader = await OpenAsync();
        _docs.Write("a.md", "# A\n\nThe lighthouse keeper logs every ship.\n");
        using (var quiet = LoggerFactory.Create(_ => { }))
        {
            // Another process ingests, saves its index and trims the change log past the reader's index.
            await (await OpenAsync(quiet)).CreateIngestionPipeline().IngestAsync([_docs.Path]);
        }

        await reader.Indexes.RefreshAsync();

        Assert.Contains(_log.WithId(2005), e => Equals(e["Index"], "lexical"));
    }

    /// <summary>An answer generator that returns one fixed answer.</summary>
    private sealed class FixedAnswerGenerator(Answer answer) : IAnswerGenerator
    {
        public Task<Answer> GenerateAsync(string question, IReadOnlyList<RetrievedChunk> context, AnswerOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(answer);
    }
}
