using Docent.Hosting;
using Docent.Ingestion;
using Docent.Models;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Indexing;

/// <summary>
/// Two openings of one data folder behave as two processes would (each has its own store connections and its own
/// indexes in memory): a long-lived reader that loaded its index before the other wrote and trimmed the change log
/// must not lose the other's chunks when it writes next, and must find them when it searches.
/// </summary>
public sealed class TwoWritersIndexTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    private Task<DataFolder> OpenAsync() => DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });

    private static Task<IngestReport> IngestAsync(DataFolder folder, params string[] paths) =>
        folder.CreateIngestionPipeline().IngestAsync(paths, new IngestOptions());

    private static async Task<bool> FindsAsync(DataFolder folder, string word) =>
        (await folder.Retriever.RetrieveAsync(word, new RetrievalOptions { Top = 3 })).Any(r => r.Chunk.Text.Contains(word, StringComparison.Ordinal));

    private async Task<DataFolder> SeededServerAsync()
    {
        for (var i = 1; i <= 5; i++)
        {
            _docs.Write($"seed/s{i}.md", $"# Seed {i}\n\nSeed document {i} mentions the lighthouse keeper.\n");
        }

        await IngestAsync(await OpenAsync(), Path.Combine(_docs.Path, "seed"));
        var server = await OpenAsync();
        Assert.True(await FindsAsync(server, "lighthouse")); // the long-lived reader has loaded its index
        return server;
    }

    private async Task IngestFromAnotherProcessAsync()
    {
        var report = await IngestAsync(await OpenAsync(), WriteCliDocuments());
        Assert.Equal(3, report.Added);
    }

    [Fact]
    public async Task A_reader_finds_what_another_process_ingested_after_it_loaded_its_index()
    {
        var server = await SeededServerAsync();

        await IngestFromAnotherProcessAsync();

        Assert.True(await FindsAsync(server, "clionlymarker2"));
        Assert.Equal((await server.Store.GetStatisticsAsync()).Chunks, server.Index.Count);
    }

    [Fact]
    public async Task Writing_after_another_process_trimmed_the_log_keeps_that_process_s_chunks()
    {
        var server = await SeededServerAsync();
        await IngestFromAnotherProcessAsync();

        // The server writes next, without searching first (today's data loss: it replayed only the log it could see).
        _docs.Write("upload/u.txt", "upload apionlymarker document");
        var report = await IngestAsync(server, Path.Combine(_docs.Path, "upload"));
        Assert.Equal(1, report.Added);

        var reopened = await OpenAsync();
        var stored = (await reopened.Store.GetStatisticsAsync()).Chunks;
        Assert.Equal(stored, reopened.Index.Count);
        foreach (var word in new[] { "clionlymarker1", "clionlymarker2", "clionlymarker3", "apionlymarker", "lighthouse" })
        {
            Assert.True(await FindsAsync(reopened, word), word);
            Assert.True(await FindsAsync(server, word), word);
        }
    }

    [Fact]
    public async Task Catching_up_past_a_trimmed_log_is_refused_rather_than_silently_skipped()
    {
        var server = await SeededServerAsync();
        var stale = server.Indexes.Lexical.Watermark;
        await IngestFromAnotherProcessAsync();

        var error = await Assert.ThrowsAsync<ChangeLogTrimmedException>(() => server.Store.ReadChangesAsync(stale).ToListAsync().AsTask());

        Assert.Equal(stale, error.Watermark);
        Assert.True(error.TrimmedThrough > stale);
    }

    [Fact]
    public async Task A_reader_that_reloads_the_newer_saved_index_takes_the_watermark_saved_with_it()
    {
        var server = await SeededServerAsync();
        var stale = server.Indexes.Lexical.Watermark;
        await IngestFromAnotherProcessAsync();

        await server.Indexes.RefreshAsync();

        var last = await server.Synchronizer.GetLastChangeAsync();
        Assert.True(last > stale);
        Assert.Equal(last, server.Indexes.Lexical.Watermark);
        using var saved = SegmentedLexicalIndex.Load(server.Synchronizer.IndexPath, server.Analyzer, options: null, out var savedWatermark);
        Assert.NotNull(saved);
        Assert.Equal(last, savedWatermark);
    }

    [Fact]
    public async Task A_removal_by_another_process_disappears_from_the_reader_s_results()
    {
        var server = await SeededServerAsync();
        var other = await OpenAsync();

        var removed = await other.RemoveDocumentAsync(Path.Combine(_docs.Path, "seed", "s3.md"));

        Assert.NotNull(removed);
        var hits = await server.Retriever.RetrieveAsync("lighthouse keeper", new RetrievalOptions { Top = 10 });
        Assert.DoesNotContain(hits, h => h.Document.Source.EndsWith("s3.md", StringComparison.Ordinal));
        Assert.Equal(4, hits.Count);
    }

    [Fact]
    public async Task A_writer_waits_for_the_lock_and_then_ingests()
    {
        _docs.Write("one.md", "# One\n\nThe waiting writer stores this line.\n");
        var folder = await OpenAsync();
        var held = DataFolderLock.Acquire(_data.Path);
        var waited = false;

        var report = await folder.CreateIngestionPipeline().IngestAsync(
            [_docs.Path],
            new IngestOptions
            {
                WaitingForLock = () =>
                {
                    waited = true;
                    held.Dispose(); // the other writer finishes
                },
            });

        Assert.True(waited);
        Assert.Equal(1, report.Added);
    }

    [Fact]
    public async Task A_vector_index_held_by_a_reader_follows_another_process_s_writes()
    {
        var embedder = new FakeEmbeddingGenerator(text => [text.Length % 7, text.Contains("marker", StringComparison.Ordinal) ? 1 : 0, 1]);
        Task<DataFolder> OpenWithVectorsAsync()
        {
            var options = new DocentOptions { DataDirectory = _data.Path, MaintainVectors = true };
            options.Settings.Retrieval.Mode = RetrievalMode.Hybrid;
            options.Settings.Embedding.Path = "/unused";
            return DataFolder.OpenAsync(options, new ModelServices { EmbeddingGenerator = embedder, EmbeddingModelId = "fake" });
        }

        _docs.Write("seed/s.md", "# Seed\n\nThe lighthouse keeper.\n");
        await IngestAsync(await OpenWithVectorsAsync(), Path.Combine(_docs.Path, "seed"));
        var server = await OpenWithVectorsAsync();
        await server.Retriever.RetrieveAsync("lighthouse", new RetrievalOptions { Top = 1 });
        await IngestAsync(await OpenWithVectorsAsync(), WriteCliDocuments());

        _docs.Write("upload/u.txt", "upload apionlymarker document");
        await IngestAsync(server, Path.Combine(_docs.Path, "upload"));

        Assert.Equal(server.Indexes.Lexical.Watermark, server.Indexes.Vectors!.Watermark);
        var reopened = await OpenWithVectorsAsync();
        Assert.Equal(reopened.Index.Count, reopened.Indexes.Vectors!.Count);
        Assert.Equal(server.Index.Count, server.Indexes.Vectors!.Count);
        Assert.Equal((await reopened.Store.GetStatisticsAsync()).Chunks, server.Indexes.Vectors.Count);
    }

    /// <summary>Writes three documents, each with its own marker word, and returns their folder.</summary>
    private string WriteCliDocuments()
    {
        for (var i = 1; i <= 3; i++)
        {
            _docs.Write($"cli/c{i}.txt", $"The clionlymarker{i} paragraph was ingested from the command line.\n");
        }

        return Path.Combine(_docs.Path, "cli");
    }
}
