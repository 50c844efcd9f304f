using Docent.Chunking;
using Docent.Indexing;
using Docent.Retrieval;
using Docent.Storage;
using Docent.Tests.TestSupport;
using Docent.Text;

namespace Docent.Tests.Indexing;

/// <summary>
/// The lexical index synchroniser on its own, over a real store and real BM25 indexes: opening, catching up with
/// adds and removes, loading the saved file, rebuilding a missing, corrupt, stale or foreign file, and refreshing an
/// index whose log another writer trimmed.
/// </summary>
public sealed class LexicalIndexSynchronizerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly EnglishAnalyzer _analyzer = new();
    private int _created;
    private int _loaded;

    public void Dispose() => _temp.Dispose();

    private string DataPath => Path.Combine(_temp.Path, "data");

    private LexicalIndexSynchronizer Synchronizer(SqliteDocumentStore store) => new(
        store,
        () =>
        {
            _created++;
            return new Bm25Index(_analyzer);
        },
        path =>
        {
            var index = Bm25Index.Load(path, _analyzer, null, out var watermark);
            _loaded += index is null ? 0 : 1;
            return index is null ? null : (index, watermark);
        });

    private static async Task WriteAsync(SqliteDocumentStore store, string id, params string[] texts)
    {
        await using var writer = await store.BeginDocumentAsync(id);
        for (var i = 0; i < texts.Length; i++)
        {
            await writer.AddChunkAsync(new Chunk(Chunk.MakeId(id, i), id, i, texts[i], [], null, new TextSpan(i * 100, texts[i].Length), 3));
        }

        await writer.CommitAsync(new DocumentRecord(id, $"/docs/{id}.md", id, "text", "hash", 10, 0, DateTimeOffset.UnixEpoch, []));
    }

    private static bool Finds(ILexicalSearcher index, string word) => index.Search(word, new() { Top = 10 }).Count > 0;

    [Fact]
    public async Task Only_a_writer_s_catch_up_spills_the_segmented_index_to_segment_files_and_the_save_keeps_them()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var segments = Path.Combine(DataPath, SegmentedLexicalIndex.SegmentFolderName);
        var synchronizer = new LexicalIndexSynchronizer(
            store,
            () => new SegmentedLexicalIndex(_analyzer, segments) { SpillPostings = 50 },
            path => SegmentedLexicalIndex.Load(path, _analyzer, null, out var watermark, segments) is { } loaded ? (loaded, watermark) : null);
        var reader = await synchronizer.OpenAsync();
        var writer = await synchronizer.OpenAsync();
        for (var d = 0; d < 3; d++)
        {
            await WriteAsync(store, $"d{d}", Enumerable.Range(0, 400).Select(i => $"chunk{d}x{i} lighthouse number{i % 7}").ToArray());
        }

        await synchronizer.RefreshAsync(reader);
        await synchronizer.RefreshAsync(writer, asWriter: true);

        // The reader keeps everything in memory (it writes no files); the writer spilled as it went.
        Assert.Equal(0, ((SegmentedLexicalIndex)reader.Current).SegmentCount);
        Assert.True(((SegmentedLexicalIndex)writer.Current).SegmentCount > 0);
        Assert.Equal(1200, writer.Count);
        Assert.Equal(reader.Search("lighthouse number3", new() { Top = 50 }), writer.Search("lighthouse number3", new() { Top = 50 }));

        await synchronizer.SaveAsync(writer);
        var reopened = await synchronizer.OpenAsync();
        Assert.Equal(1200, reopened.Count);
        Assert.True(Finds(reopened, "chunk2x399"));
    }

    [Fact]
    public async Task Opening_an_empty_store_gives_an_empty_index_at_the_start_of_the_log()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);

        var index = await Synchronizer(store).OpenAsync();

        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.Watermark);
        Assert.Equal(1, _created);
        Assert.False(File.Exists(Synchronizer(store).IndexPath));
    }

    [Fact]
    public async Task Catching_up_applies_adds_and_removes_and_moves_the_watermark_to_the_last_change()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var synchronizer = Synchronizer(store);
        var index = await synchronizer.OpenAsync();

        await WriteAsync(store, "d1", "the lighthouse keeper", "a quiet harbour");
        Assert.Equal(2, await synchronizer.CatchUpAsync(index));
        Assert.Equal(2, index.Count);
        Assert.True(Finds(index, "lighthouse"));

        await WriteAsync(store, "d1", "a stormy night");
        Assert.Equal(3, await synchronizer.CatchUpAsync(index)); // two removals, one addition

        Assert.Equal(1, index.Count);
        Assert.False(Finds(index, "lighthouse"));
        Assert.True(Finds(index, "stormy"));
        Assert.Equal(await synchronizer.GetLastChangeAsync(), index.Watermark);
        Assert.Equal(0, await synchronizer.CatchUpAsync(index));
    }

    [Fact]
    public async Task A_chunk_added_and_removed_before_the_catch_up_is_never_indexed()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var synchronizer = Synchronizer(store);
        var index = await synchronizer.OpenAsync();
        await WriteAsync(store, "d1", "the lighthouse keeper");
        await WriteAsync(store, "d1", "a stormy night");

        await synchronizer.CatchUpAsync(index);

        Assert.Equal(1, index.Count);
        Assert.False(Finds(index, "lighthouse"));
    }

    [Fact]
    public async Task A_saved_file_is_loaded_and_caught_up_with_what_was_written_after_it()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var synchronizer = Synchronizer(store);
        var index = await synchronizer.OpenAsync();
        await WriteAsync(store, "d1", "the lighthouse keeper");
        await synchronizer.CatchUpAsync(index);
        await synchronizer.SaveAsync(index);
        await WriteAsync(store, "d2", "a quiet harbour");
        _created = 0;

        var reopened = await Synchronizer(store).OpenAsync();

        Assert.Equal((1, 0), (_loaded, _created));
        Assert.Equal(2, reopened.Count);
        Assert.True(Finds(reopened, "harbour"));
        Assert.Equal(await synchronizer.GetLastChangeAsync(), reopened.Watermark);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    public async Task A_missing_or_corrupt_file_is_rebuilt_from_the_chunks(string damage)
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var synchronizer = Synchronizer(store);
        var index = await synchronizer.OpenAsync();
        await WriteAsync(store, "d1", "the lighthouse keeper", "a quiet harbour");
        await synchronizer.CatchUpAsync(index);
        await synchronizer.SaveAsync(index);
        if (damage == "missing")
        {
            File.Delete(synchronizer.IndexPath);
        }
        else
        {
            var bytes = await File.ReadAllBytesAsync(synchronizer.IndexPath);
            await File.WriteAllBytesAsync(synchronizer.IndexPath, bytes[..(bytes.Length / 2)]);
        }

        _created = 0;

        var reopened = await Synchronizer(store).OpenAsync();

        Assert.Equal((0, 1), (_loaded, _created));
        Assert.Equal(2, reopened.Count);
        Assert.True(Finds(reopened, "lighthouse"));
        Assert.Equal(await synchronizer.GetLastChangeAsync(), reopened.Watermark);
    }

    [Fact]
    public async Task A_file_older_than_the_trimmed_log_is_rebuilt_rather_than_missing_the_trimmed_changes()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var synchronizer = Synchronizer(store);
        var index = await synchronizer.OpenAsync();
        await WriteAsync(store, "d1", "the lighthouse keeper");
        await synchronizer.CatchUpAsync(index);
        await synchronizer.SaveAsync(index);
        var oldCopy = Path.Combine(_temp.Path, "old.idx");
        File.Copy(synchronizer.IndexPath, oldCopy);
        await WriteAsync(store, "d2", "a quiet harbour");
        await synchronizer.CatchUpAsync(index);
        await synchronizer.SaveAsync(index); // trims the log past the old copy's watermark
        File.Copy(oldCopy, synchronizer.IndexPath, overwrite: true);

        var reopened = await Synchronizer(store).OpenAsync();

        Assert.Equal(2, reopened.Count);
        Assert.True(Finds(reopened, "harbour"));
    }

    [Fact]
    public async Task A_file_from_another_store_is_rebuilt_rather_than_trusted()
    {
        var other = await SqliteDocumentStore.OpenAsync(Path.Combine(_temp.Path, "other"));
        var otherSynchronizer = Synchronizer(other);
        var otherIndex = await otherSynchronizer.OpenAsync();
        await WriteAsync(other, "x1", "the lighthouse keeper", "a quiet harbour", "a stormy night");
        await otherSynchronizer.CatchUpAsync(otherIndex);
        await otherSynchronizer.SaveAsync(otherIndex);
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        await WriteAsync(store, "d1", "fresh bread");
        File.Copy(otherSynchronizer.IndexPath, Synchronizer(store).IndexPath);

        var index = await Synchronizer(store).OpenAsync();

        Assert.Equal(1, index.Count);
        Assert.False(Finds(index, "lighthouse"));
        Assert.True(Finds(index, "bread"));
    }

    [Fact]
    public async Task Refreshing_an_index_whose_log_another_writer_trimmed_swaps_in_an_up_to_date_index()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var reader = Synchronizer(store);
        var live = await reader.OpenAsync();
        var stale = live.Current;

        // Another writer (its own synchroniser and index) writes, saves and trims the log.
        var writer = Synchronizer(await SqliteDocumentStore.OpenAsync(DataPath));
        var written = await writer.OpenAsync();
        await WriteAsync(store, "d1", "the lighthouse keeper");
        await writer.CatchUpAsync(written);
        await writer.SaveAsync(written);

        await Assert.ThrowsAsync<ChangeLogTrimmedException>(() => reader.CatchUpAsync(live));
        Assert.Same(stale, live.Current); // a plain catch-up does not swap
        await reader.RefreshAsync(live);

        Assert.NotSame(stale, live.Current);
        Assert.Equal(0, stale.Count); // searches still running on the old index are left alone
        Assert.True(Finds(live, "lighthouse"));
        Assert.Equal(await reader.GetLastChangeAsync(), live.Watermark);
    }

    [Fact]
    public async Task Saving_trims_the_log_only_through_the_older_of_the_two_watermarks()
    {
        var store = await SqliteDocumentStore.OpenAsync(DataPath);
        var synchronizer = Synchronizer(store);
        var index = await synchronizer.OpenAsync();
        await WriteAsync(store, "d1", "one");
        var vectorWatermark = await synchronizer.GetLastChangeAsync();
        await WriteAsync(store, "d2", "two");
        await synchronizer.CatchUpAsync(index);

        await synchronizer.SaveAsync(index, trimThrough: vectorWatermark);

        Assert.Equal((vectorWatermark, index.Watermark), await store.GetChangeLogRangeAsync());
        var left = new List<StoreChange>();
        await foreach (var change in store.ReadChangesAsync(vectorWatermark))
        {
            left.Add(change);
        }

        Assert.Single(left);
    }
}
