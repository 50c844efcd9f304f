using System.Runtime.CompilerServices;
using Docent.Chunking;
using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

public sealed class FolderWatcherTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _docs.Dispose();
        _data.Dispose();
    }

    private Task<DataFolder> OpenAsync() => DataFolder.OpenAsync(new DocentOptions { DataDirectory = _data.Path });

    private WatchRun Watch(DataFolder folder, IngestionPipeline? pipeline = null, FolderWatcherOptions? options = null) =>
        new(new FolderWatcher(pipeline ?? folder.CreateIngestionPipeline(), [_docs.Path], options ?? new FolderWatcherOptions { Debounce = TimeSpan.FromMilliseconds(100) }));

    private string PathOf(string relative) => Path.Combine(_docs.Path, relative);

    private static async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(DataFolder folder, string query) =>
        await folder.Retriever.RetrieveAsync(query, new RetrievalOptions { Top = 5 });

    private static async Task<IReadOnlyList<string>> SourcesAsync(DataFolder folder) =>
        (await folder.Store.ListDocumentsAsync()).Select(d => d.Source).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task The_store_follows_files_created_edited_renamed_and_deleted_in_a_watched_folder()
    {
        _docs.Write("travel.md", "# Travel\n\nEmployees book trains for trips under 600 km.\n");
        var folder = await OpenAsync();
        await using var watch = Watch(folder);

        var catchUp = await watch.NextAsync(r => r.Trigger == FolderSyncTrigger.CatchUp, "the catch-up");
        Assert.Equal(FolderChangeKind.Added, Assert.Single(catchUp.Changes).Kind);

        var leave = _docs.Write("leave.md", "# Leave\n\nEmployees receive 27 days of annual leave.\n");
        var added = await watch.ChangeAsync(FolderChangeKind.Added, leave);
        Assert.Equal($"{Path.GetFileName(_docs.Path)}/leave.md", added.Source);
        Assert.True(added.Chunks > 0);
        Assert.EndsWith("leave.md", (await SearchAsync(folder, "annual leave"))[0].Document.Source);

        File.WriteAllText(leave, "# Leave\n\nEmployees receive 30 days of holiday.\n");
        await watch.ChangeAsync(FolderChangeKind.Updated, leave);
        Assert.Empty(await SearchAsync(folder, "annual"));
        Assert.Single(await SearchAsync(folder, "holiday"));

        var holidays = PathOf("holidays.md");
        File.Move(leave, holidays);
        var renamed = await watch.ChangeAsync(FolderChangeKind.Renamed, holidays);
        Assert.Equal(leave, renamed.PreviousPath);
        Assert.Equal([holidays, PathOf("travel.md")], await SourcesAsync(folder));
        Assert.Equal(holidays, (await SearchAsync(folder, "holiday"))[0].Document.Source);

        // A folder renamed is each of its files renamed; a folder deleted is each of its files removed.
        var rules = _docs.Write("policies/rules.md", "# Rules\n\nBadges are worn at all times.\n");
        var dress = _docs.Write("policies/dress.md", "# Dress\n\nJackets are optional on Fridays.\n");
        await watch.ChangeAsync(FolderChangeKind.Added, rules);
        await watch.ChangeAsync(FolderChangeKind.Added, dress);
        Directory.Move(PathOf("policies"), PathOf("handbook"));
        await watch.ChangeAsync(FolderChangeKind.Renamed, PathOf("handbook/rules.md"));
        await watch.ChangeAsync(FolderChangeKind.Renamed, PathOf("handbook/dress.md"));
        Assert.Equal(PathOf("handbook/dress.md"), (await SearchAsync(folder, "jackets fridays"))[0].Document.Source);

        File.Delete(holidays);
        await watch.ChangeAsync(FolderChangeKind.Removed, holidays);
        Directory.Delete(PathOf("handbook"), recursive: true);
        await watch.ChangeAsync(FolderChangeKind.Removed, PathOf("handbook/rules.md"));
        await watch.ChangeAsync(FolderChangeKind.Removed, PathOf("handbook/dress.md"));

        Assert.Equal([PathOf("travel.md")], await SourcesAsync(folder));
        Assert.Empty(await SearchAsync(folder, "badges"));
        Assert.DoesNotContain(watch.Seen, r => r.Changes.Any(c => c.Kind == FolderChangeKind.Failed));
    }

    [Fact]
    public async Task Changes_made_while_nothing_watched_are_caught_up_on_the_next_start()
    {
        var kept = _docs.Write("kept.md", "# Kept\n\nThe canteen opens at noon.\n");
        var edited = _docs.Write("edited.md", "# Edited\n\nParking is free.\n");
        var deleted = _docs.Write("deleted.md", "# Deleted\n\nThe gym closes in August.\n");
        var moved = _docs.Write("moved.md", "# Moved\n\nVisitors sign in at the desk.\n");
        var folder = await OpenAsync();
        await using (var first = Watch(folder))
        {
            var catchUp = await first.NextAsync(r => r.Trigger == FolderSyncTrigger.CatchUp, "the first catch-up");
            Assert.Equal(4, catchUp.Count(FolderChangeKind.Added));
        }

        File.WriteAllText(edited, "# Edited\n\nParking costs two euros.\n");
        File.Delete(deleted);
        Directory.CreateDirectory(PathOf("archive"));
        File.Move(moved, PathOf("archive/moved.md"));
        var fresh = _docs.Write("fresh.md", "# Fresh\n\nThe library lends laptops.\n");

        await using var second = Watch(folder);
        var again = await second.NextAsync(r => r.Trigger == FolderSyncTrigger.CatchUp, "the second catch-up");

        Assert.Equal(FolderChangeKind.Unchanged, again.Changes.Single(c => c.Path == kept).Kind);
        Assert.Equal(FolderChangeKind.Updated, again.Changes.Single(c => c.Path == edited).Kind);
        Assert.Equal(FolderChangeKind.Removed, again.Changes.Single(c => c.Path == deleted).Kind);
        Assert.Equal(FolderChangeKind.Added, again.Changes.Single(c => c.Path == fresh).Kind);
        var rename = again.Changes.Single(c => c.Kind == FolderChangeKind.Renamed);
        Assert.Equal((moved, PathOf("archive/moved.md")), (rename.PreviousPath, rename.Path));
        Assert.Equal([PathOf("archive/moved.md"), edited, fresh, kept], await SourcesAsync(folder));
        Assert.Single(await SearchAsync(folder, "euros"));
        Assert.Empty(await SearchAsync(folder, "gym"));
    }

    [Fact]
    public async Task A_renamed_file_keeps_its_chunks_and_is_not_read_again()
    {
        var folder = await OpenAsync();
        var reader = new CountingReader(new MarkdownReader());
        var pipeline = new IngestionPipeline(folder.Store, folder.Indexes, new DocumentReaderSelector([reader]), new StructuredChunker(folder.SentenceSplitter), folder.Options.Chunking);
        await using var watch = Watch(folder, pipeline);
        await watch.NextAsync(r => r.Trigger == FolderSyncTrigger.CatchUp, "the catch-up");
        var before = _docs.Write("draft.md", "# Expenses\n\nReceipts are kept for seven years.\n\n## Meals\n\nDinner is refunded up to 40 euros.\n");
        await watch.ChangeAsync(FolderChangeKind.Added, before);
        var oldDocument = (await folder.Store.FindBySourceAsync(before))!;
        var oldChunks = await folder.Store.GetDocumentChunksAsync(oldDocument.Id);
        var lastChange = (await folder.Store.GetStatisticsAsync()).LastChange;
        Assert.Equal(1, reader.Reads);

        var after = PathOf("expenses.md");
        File.Move(before, after);
        var renamed = await watch.ChangeAsync(FolderChangeKind.Renamed, after);

        Assert.Equal(oldChunks.Count, renamed.Chunks);
        Assert.Equal(1, reader.Reads); // not read, so not chunked again either
        var moved = (await folder.Store.FindBySourceAsync(after))!;
        Assert.Equal(DocumentIdentity.FromSource(after), moved.Id);
        Assert.Null(await folder.Store.GetDocumentAsync(oldDocument.Id));
        var newChunks = await folder.Store.GetDocumentChunksAsync(moved.Id);
        // The same rows under the new id: same keys (the indexes' keys), texts and spans; nothing logged, so nothing re-indexed or re-embedded.
        Assert.Equal(oldChunks.Select(c => (c.Key, c.Chunk.Text, c.Chunk.Span)), newChunks.Select(c => (c.Key, c.Chunk.Text, c.Chunk.Span)));
        Assert.All(newChunks, c => Assert.Equal($"{moved.Id}:{c.Chunk.Ordinal}", c.Chunk.Id));
        Assert.Equal(lastChange, (await folder.Store.GetStatisticsAsync()).LastChange);
        Assert.Equal((oldDocument.Title, oldDocument.ContentHash), (moved.Title, moved.ContentHash));
        var hit = (await SearchAsync(folder, "dinner refunded"))[0];
        Assert.Equal((after, $"{moved.Id}:{hit.Chunk.Ordinal}"), (hit.Document.Source, hit.Chunk.Id));
        var reopened = await OpenAsync();
        Assert.Equal(after, (await SearchAsync(reopened, "receipts seven years"))[0].Document.Source);

        // Copied to a new name and the original deleted (two separate events, as some editors and tools save): a rename too.
        var copy = PathOf("expenses-2025.md");
        File.Copy(after, copy);
        File.Delete(after);
        var copied = await watch.ChangeAsync(FolderChangeKind.Renamed, copy);
        Assert.Equal(after, copied.PreviousPath);
        Assert.Equal(1, reader.Reads);
        Assert.Equal(oldChunks.Select(c => c.Key), (await folder.Store.GetDocumentChunksAsync(DocumentIdentity.FromSource(copy))).Select(c => c.Key));
    }

    [Fact]
    public async Task A_change_while_another_writer_holds_the_data_folder_is_deferred_then_applied()
    {
        var folder = await OpenAsync();
        await using var watch = Watch(folder, options: new FolderWatcherOptions { Debounce = TimeSpan.FromMilliseconds(100), LockRetry = TimeSpan.FromMilliseconds(200) });
        await watch.NextAsync(r => r.Trigger == FolderSyncTrigger.CatchUp, "the catch-up");

        string path;
        using (DataFolderLock.Acquire(_data.Path))
        {
            path = _docs.Write("late.md", "# Late\n\nThe night shift starts at ten.\n");
            var deferred = await watch.NextAsync(r => r.Trigger == FolderSyncTrigger.Deferred, "a deferral");
            Assert.Contains("Another docent process", deferred.Problem, StringComparison.Ordinal);
            Assert.Null(await folder.Store.FindBySourceAsync(path));
        }

        await watch.ChangeAsync(FolderChangeKind.Added, path);
        Assert.NotNull(await folder.Store.FindBySourceAsync(path));
        Assert.Single(await SearchAsync(folder, "night shift"));
    }

    [Fact]
    public async Task A_file_written_in_pieces_is_read_once_when_complete()
    {
        var folder = await OpenAsync();
        await using var watch = Watch(folder, options: new FolderWatcherOptions { Debounce = TimeSpan.FromMilliseconds(400) });
        await watch.NextAsync(r => r.Trigger == FolderSyncTrigger.CatchUp, "the catch-up");

        var path = PathOf("minutes.md");
        await using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read))
        await using (var writer = new StreamWriter(stream))
        {
            foreach (var line in new[] { "# Minutes\n\n", "The board met on Monday.\n\n", "It approved the new budget.\n" })
            {
                await writer.WriteAsync(line);
                await writer.FlushAsync();
            }
        }

        await watch.ChangeAsync(FolderChangeKind.Added, path);
        var marker = _docs.Write("marker.md", "# Marker\n\nWritten after the minutes.\n");
        await watch.ChangeAsync(FolderChangeKind.Added, marker);

        Assert.DoesNotContain(watch.Seen, r => r.Changes.Any(c => c.Path == path && c.Kind != FolderChangeKind.Added));
        Assert.Single(await SearchAsync(folder, "approved budget"));
    }

    [Fact]
    public async Task Hidden_files_and_the_data_folder_inside_a_watched_folder_are_left_alone()
    {
        var data = PathOf(".docent");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = data });
        await using var watch = new WatchRun(new FolderWatcher(folder.CreateIngestionPipeline(), [_docs.Path], new FolderWatcherOptions { Debounce = TimeSpan.FromMilliseconds(100) }));
        await watch.NextAsync(r => r.Trigger == FolderSyncTrigger.CatchUp, "the catch-up");

        _docs.Write(".leave.md.swp", "# Swap\n\nAn editor's swap file.\n");
        var real = _docs.Write("leave.md", "# Leave\n\nEmployees receive 27 days of annual leave.\n");
        await watch.ChangeAsync(FolderChangeKind.Added, real);

        Assert.Equal([real], (await folder.Store.ListDocumentsAsync()).Select(d => d.Source));
        Assert.DoesNotContain(watch.Seen, r => r.Changes.Any(c => c.Path.Contains(".docent", StringComparison.Ordinal) || c.Path.EndsWith(".swp", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Watching_a_folder_that_does_not_exist_names_it()
    {
        var folder = await OpenAsync();
        var missing = PathOf("nowhere");
        var watcher = new FolderWatcher(folder.CreateIngestionPipeline(), [missing]);

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(async () =>
        {
            await foreach (var _ in watcher.WatchAsync())
            {
            }
        });
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A reader that counts the documents it reads and hands the work to another.</summary>
    private sealed class CountingReader(IDocumentReader inner) : IDocumentReader
    {
        private int _reads;

        public int Reads => _reads;

        public string Format => inner.Format;

        public bool CanRead(DocumentInput input) => inner.CanRead(input);

        public async IAsyncEnumerable<DocumentBlock> ReadAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            await foreach (var block in inner.ReadAsync(input, cancellationToken))
            {
                yield return block;
            }
        }
    }
}
