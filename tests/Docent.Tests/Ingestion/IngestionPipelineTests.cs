using System.Text;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

public sealed class IngestionPipelineTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    private Task<DataFolder> OpenAsync() => DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });

    private static async Task<IngestReport> IngestAsync(DataFolder folder, params string[] paths) =>
        await folder.CreateIngestionPipeline().IngestAsync(paths, new IngestOptions());

    private static async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(DataFolder folder, string query) =>
        await folder.Retriever.RetrieveAsync(query, new RetrievalOptions { Top = 5 });

    private void WriteGoodDocuments()
    {
        _docs.Write("travel.md", "# Travel policy\n\n## Trains\n\nEmployees book trains for trips under 600 km.\n\n## Flights\n\nFlights need approval from a director.\n");
        _docs.Write("notes.txt", "Office hours\n\nThe office opens at 8:30 on weekdays and closes at 18:00.\n");
        _docs.Write("security.html", "<html><head><title>Security</title></head><body><nav>Home | About</nav><h1>Passwords</h1><p>Passwords are rotated every 90 days.</p><script>var x = 'rotated';</script></body></html>");
    }

    [Fact]
    public async Task A_folder_ingests_and_every_document_is_searchable()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();

        var report = await IngestAsync(folder, _docs.Path);

        Assert.Equal(3, report.Added);
        Assert.Empty(report.Failed);
        Assert.True(report.Chunks >= 3);
        Assert.EndsWith("travel.md", (await SearchAsync(folder, "trains trips"))[0].Document.Source);
        Assert.EndsWith("notes.txt", (await SearchAsync(folder, "office opens weekdays"))[0].Document.Source);
        var passwords = await SearchAsync(folder, "passwords rotated");
        Assert.EndsWith("security.html", passwords[0].Document.Source);
        Assert.Equal("Security", passwords[0].Document.Title);
        Assert.DoesNotContain("var x", passwords[0].Chunk.Text);
        var trains = (await SearchAsync(folder, "trains trips"))[0].Chunk;
        Assert.Equal(["Travel policy", "Trains"], trains.HeadingPath);
    }

    [Fact]
    public async Task Re_ingesting_an_unchanged_folder_does_no_work()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();
        await IngestAsync(folder, _docs.Path);
        var before = await folder.Store.GetStatisticsAsync();

        var again = await IngestAsync(folder, _docs.Path);

        Assert.Equal(3, again.Unchanged);
        Assert.Equal(0, again.Added + again.Updated + again.Removed);
        Assert.Equal(0, again.Chunks);
        Assert.Equal(before.LastChange, (await folder.Store.GetStatisticsAsync()).LastChange);
    }

    [Fact]
    public async Task A_folder_given_a_display_source_is_shown_under_that_name_and_renaming_it_needs_no_new_content()
    {
        WriteGoodDocuments();
        _docs.Write("deep/inside/leave.md", "# Leave\n\nEmployees receive 27 days of annual leave.\n");
        var folder = await OpenAsync();
        var pipeline = folder.CreateIngestionPipeline();

        await pipeline.IngestAsync([_docs.Path], new IngestOptions());
        var renamed = await pipeline.IngestAsync([_docs.Path], new IngestOptions { DisplaySource = "samples/handbook" });
        var again = await pipeline.IngestAsync([_docs.Path], new IngestOptions { DisplaySource = "samples/handbook" });

        Assert.Equal(4, renamed.Updated);
        Assert.Equal(4, again.Unchanged);
        Assert.Equal(
            ["samples/handbook/deep/inside/leave.md", "samples/handbook/notes.txt", "samples/handbook/security.html", "samples/handbook/travel.md"],
            (await folder.Store.ListDocumentsAsync()).Select(d => d.ShownSource).Order(StringComparer.Ordinal));
        Assert.Equal("samples/handbook/deep/inside/leave.md", (await SearchAsync(folder, "annual leave"))[0].Document.ShownSource);
        await Assert.ThrowsAsync<ArgumentException>(() => pipeline.IngestAsync([_docs.Path, _docs.Path], new IngestOptions { DisplaySource = "x" }));
    }

    [Fact]
    public async Task A_modified_file_replaces_its_chunks_and_the_index_follows()
    {
        var path = _docs.Write("travel.md", "# Travel\n\nEmployees book trains for trips under 600 km.\n");
        var folder = await OpenAsync();
        await IngestAsync(folder, _docs.Path);

        File.WriteAllText(path, "# Travel\n\nEmployees book buses for journeys under 300 km.\n");
        var report = await IngestAsync(folder, _docs.Path);

        Assert.Equal(1, report.Updated);
        Assert.Empty(await SearchAsync(folder, "trains"));
        Assert.Single(await SearchAsync(folder, "buses journeys"));
        var reopened = await OpenAsync();
        Assert.Empty(await SearchAsync(reopened, "trains"));
        Assert.Single(await SearchAsync(reopened, "buses journeys"));
    }

    [Fact]
    public async Task Prune_removes_documents_whose_files_are_gone()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();
        await IngestAsync(folder, _docs.Path);
        File.Delete(Path.Combine(_docs.Path, "notes.txt"));

        var withoutPrune = await IngestAsync(folder, _docs.Path);
        Assert.Equal(0, withoutPrune.Removed);
        var pruned = await folder.CreateIngestionPipeline().IngestAsync([_docs.Path], new IngestOptions { Prune = true });

        Assert.Equal(1, pruned.Removed);
        Assert.Equal(2, (await folder.Store.ListDocumentsAsync()).Count);
        Assert.Empty(await SearchAsync(folder, "office opens weekdays"));
    }

    [Fact]
    public async Task Bad_inputs_each_fail_once_with_a_reason_and_the_rest_ingests()
    {
        WriteGoodDocuments();
        var random = new Random(7);
        var junk = new byte[5000];
        random.NextBytes(junk);
        _docs.Write("broken.pdf", "%PDF-1.7\n" + Convert.ToBase64String(junk[..3000]));
        _docs.Write("fake.docx", Encoding.ASCII.GetBytes("PK\u0003\u0004 not really a docx"));
        _docs.Write("junk.bin", junk);
        _docs.Write("empty.txt", "");
        _docs.Write("picture.png", junk[..100]);
        _docs.Write("latin1.txt", [.. Encoding.ASCII.GetBytes("Caf"), 0xE9, .. Encoding.ASCII.GetBytes(" au lait costs 3 euros.\n")]);
        var missing = Path.Combine(_docs.Path, "no-such-file.md");
        var folder = await OpenAsync();

        var report = await folder.CreateIngestionPipeline().IngestAsync([_docs.Path, missing], new IngestOptions());

        Assert.Equal(4, report.Added); // the three good documents and the invalid UTF-8 one (with a warning)
        var failed = report.Failed.ToDictionary(f => Path.GetFileName(f.Path), f => f.Error);
        Assert.Equal(["broken.pdf", "empty.txt", "fake.docx", "junk.bin", "no-such-file.md", "picture.png"], failed.Keys.Order());
        Assert.All(failed.Values, error => Assert.False(string.IsNullOrWhiteSpace(error)));
        Assert.Contains("not found", failed["no-such-file.md"]);
        Assert.Contains("empty", failed["empty.txt"]);
        Assert.Equal("named .png but is not an image (no PNG, JPEG or TIFF header)", failed["picture.png"]); // images are documents now (OCR)
        var latin1 = Assert.Single(report.Results, r => r.Path.EndsWith("latin1.txt", StringComparison.Ordinal));
        Assert.NotNull(latin1.Warnings);
        Assert.Contains(latin1.Warnings, w => w.Contains("invalid", StringComparison.OrdinalIgnoreCase));
        Assert.Single(await SearchAsync(folder, "lait euros"));
    }

    [Fact]
    public async Task A_file_that_turns_corrupt_fails_and_its_stored_version_survives()
    {
        var good = _docs.Write("guide.md", "# Guide\n\nThe helpdesk number is 4242.\n");
        var folder = await OpenAsync();
        await IngestAsync(folder, good);

        File.WriteAllBytes(good, [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A, 0x00, 0x01, 0x02]); // "%PDF-1.7" then garbage
        var report = await IngestAsync(folder, good);

        Assert.Single(report.Failed);
        var hit = Assert.Single(await SearchAsync(folder, "helpdesk number"));
        Assert.Contains("4242", hit.Chunk.Text);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_fails_with_the_limit_named()
    {
        var path = _docs.Write("big.txt", new string('x', 3000) + "\n");
        var folder = await OpenAsync();

        var report = await folder.CreateIngestionPipeline().IngestAsync([path], new IngestOptions { MaxFileBytes = 1024 });

        var failure = Assert.Single(report.Failed);
        Assert.Contains("1 KB limit", failure.Error);
    }

    [Fact]
    public async Task Globs_select_matching_files_only()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();

        var report = await IngestAsync(folder, Path.Combine(_docs.Path, "*.md"));

        Assert.Equal(1, report.Added);
        Assert.EndsWith("travel.md", (await folder.Store.ListDocumentsAsync()).Single().Source);
    }

    [Fact]
    public async Task An_index_file_older_than_the_change_log_is_rebuilt()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();
        await IngestAsync(folder, _docs.Path);
        var staleIndex = File.ReadAllBytes(folder.Synchronizer.IndexPath);
        _docs.Write("late.md", "# Late\n\nThe canteen serves soup on Fridays.\n");
        await IngestAsync(folder, _docs.Path);

        // An old copy of the index: the log entries it would need were trimmed by the last save.
        File.WriteAllBytes(folder.Synchronizer.IndexPath, staleIndex);
        var reopened = await OpenAsync();

        Assert.Single(await SearchAsync(reopened, "canteen soup"));
        Assert.Equal((await reopened.Store.GetStatisticsAsync()).Chunks, reopened.Index.Count);
    }

    [Fact]
    public async Task Commits_the_index_never_saw_are_replayed_from_the_change_log()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();
        await IngestAsync(folder, _docs.Path);
        var late = _docs.Write("late.md", "# Late\n\nThe canteen serves soup on Fridays.\n");

        // IngestFileAsync commits to the store but neither updates nor saves the index: as if the process died there.
        var result = await folder.CreateIngestionPipeline().IngestFileAsync(late, new IngestOptions());
        Assert.Equal(IngestStatus.Added, result.Status);
        Assert.Empty(folder.Index.Search("canteen soup", new() { Top = 5 }));
        var reopened = await OpenAsync();

        Assert.Single(await SearchAsync(reopened, "canteen soup"));
        Assert.Equal((await reopened.Store.GetStatisticsAsync()).Chunks, reopened.Index.Count);
    }

    [Fact]
    public async Task A_missing_or_corrupt_index_file_is_rebuilt_from_the_store()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();
        await IngestAsync(folder, _docs.Path);
        var chunks = (await folder.Store.GetStatisticsAsync()).Chunks;
        File.WriteAllBytes(folder.Synchronizer.IndexPath, [1, 2, 3, 4]);

        var reopened = await OpenAsync();

        Assert.Equal(chunks, reopened.Index.Count);
        Assert.EndsWith("travel.md", (await SearchAsync(reopened, "trains trips"))[0].Document.Source);
    }

    [Fact]
    public async Task A_second_writer_is_refused_while_the_folder_is_locked()
    {
        WriteGoodDocuments();
        var folder = await OpenAsync();
        using var held = DataFolderLock.Acquire(_data.Path);

        var error = await Assert.ThrowsAsync<DataFolderBusyException>(() => folder.CreateIngestionPipeline().IngestAsync([_docs.Path], new IngestOptions { LockWait = TimeSpan.Zero }));

        Assert.Contains("Another docent process", error.Message);
    }
}
