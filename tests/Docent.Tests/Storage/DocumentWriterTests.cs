using Docent.Chunking;
using Docent.Storage;
using Docent.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Docent.Tests.Storage;

/// <summary>
/// The one-transaction-per-document writer on its own: a write that fails part-way (a constraint, a refused chunk,
/// a cancelled token) leaves the earlier version and the change log exactly as they were.
/// </summary>
public sealed class DocumentWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Chunk MakeChunk(string documentId, int ordinal, string text) =>
        new(Chunk.MakeId(documentId, ordinal), documentId, ordinal, text, ["Section"], null, new TextSpan(ordinal * 100, text.Length), 3);

    private static DocumentRecord MakeRecord(string id, string? source = null) =>
        new(id, source ?? $"/docs/{id}.md", "Title " + id, "markdown", "hash", 10, 0, DateTimeOffset.UnixEpoch, []);

    private static async Task WriteAsync(SqliteDocumentStore store, string id, params string[] texts)
    {
        await using var writer = await store.BeginDocumentAsync(id);
        for (var i = 0; i < texts.Length; i++)
        {
            await writer.AddChunkAsync(MakeChunk(id, i, texts[i]));
        }

        await writer.CommitAsync(MakeRecord(id));
    }

    private static async Task<List<StoreChange>> ChangesAsync(SqliteDocumentStore store)
    {
        var changes = new List<StoreChange>();
        await foreach (var change in store.ReadChangesAsync(0))
        {
            changes.Add(change);
        }

        return changes;
    }

    private async Task<(SqliteDocumentStore Store, List<StoreChange> Before)> StoreWithOldVersionAsync()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "old first", "old second");
        return (store, await ChangesAsync(store));
    }

    private static async Task AssertOldVersionIntactAsync(SqliteDocumentStore store, List<StoreChange> before)
    {
        Assert.Equal(["old first", "old second"], (await store.GetDocumentChunksAsync("d1")).Select(c => c.Chunk.Text));
        Assert.Equal(2, (await store.GetDocumentAsync("d1"))!.ChunkCount);
        Assert.Equal(before.Select(c => (c.Sequence, c.ChunkKey, c.Added)), (await ChangesAsync(store)).Select(c => (c.Sequence, c.ChunkKey, c.Added)));
    }

    [Fact]
    public async Task A_constraint_failure_mid_write_rolls_back_and_keeps_the_earlier_version()
    {
        var (store, before) = await StoreWithOldVersionAsync();

        await using (var writer = await store.BeginDocumentAsync("d1"))
        {
            await writer.AddChunkAsync(MakeChunk("d1", 0, "new first"));
            await Assert.ThrowsAsync<SqliteException>(() => writer.AddChunkAsync(MakeChunk("d1", 0, "same id again")));
        }

        await AssertOldVersionIntactAsync(store, before);
    }

    [Fact]
    public async Task A_commit_that_fails_rolls_back_the_chunks_already_added()
    {
        var (store, before) = await StoreWithOldVersionAsync();
        await WriteAsync(store, "d2", "other");
        before = await ChangesAsync(store);

        await using (var writer = await store.BeginDocumentAsync("d1"))
        {
            await writer.AddChunkAsync(MakeChunk("d1", 0, "new first"));

            // Another document already has this source (sources are unique).
            await Assert.ThrowsAsync<SqliteException>(() => writer.CommitAsync(MakeRecord("d1", source: "/docs/d2.md")));
        }

        await AssertOldVersionIntactAsync(store, before);
    }

    [Fact]
    public async Task A_cancelled_write_rolls_back()
    {
        var (store, before) = await StoreWithOldVersionAsync();
        using var cancellation = new CancellationTokenSource();

        await using (var writer = await store.BeginDocumentAsync("d1"))
        {
            await writer.AddChunkAsync(MakeChunk("d1", 0, "new first"));
            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.AddChunkAsync(MakeChunk("d1", 1, "new second"), cancellation.Token));
        }

        await AssertOldVersionIntactAsync(store, before);
    }

    [Fact]
    public async Task A_chunk_or_record_of_another_document_is_refused_and_nothing_is_written()
    {
        var (store, before) = await StoreWithOldVersionAsync();

        await using (var writer = await store.BeginDocumentAsync("d1"))
        {
            var chunkError = await Assert.ThrowsAsync<ArgumentException>(() => writer.AddChunkAsync(MakeChunk("d9", 0, "stray")));
            Assert.Contains("d9", chunkError.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ArgumentException>(() => writer.CommitAsync(MakeRecord("d9")));
        }

        await AssertOldVersionIntactAsync(store, before);
        Assert.Null(await store.GetDocumentAsync("d9"));
    }

    [Fact]
    public async Task A_writer_abandoned_before_writing_anything_leaves_no_trace()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);

        await using (await store.BeginDocumentAsync("new"))
        {
        }

        Assert.Null(await store.GetDocumentAsync("new"));
        Assert.Empty(await ChangesAsync(store));
    }

    [Fact]
    public async Task Committing_a_version_without_chunks_logs_the_old_chunks_as_removed()
    {
        var (store, before) = await StoreWithOldVersionAsync();

        await using (var writer = await store.BeginDocumentAsync("d1"))
        {
            await writer.CommitAsync(MakeRecord("d1"));
            Assert.Equal(0, writer.ChunkCount);
        }

        var after = await ChangesAsync(store);
        Assert.Empty(await store.GetDocumentChunksAsync("d1"));
        Assert.Equal(0, (await store.GetDocumentAsync("d1"))!.ChunkCount);
        Assert.Equal(before.Select(c => c.ChunkKey), after.Skip(before.Count).Select(c => c.ChunkKey));
        Assert.All(after.Skip(before.Count), c => Assert.False(c.Added));
    }

    [Fact]
    public async Task Each_added_chunk_is_appended_to_the_change_log_after_the_earlier_entries()
    {
        var (store, before) = await StoreWithOldVersionAsync();

        await WriteAsync(store, "d2", "a", "b", "c");

        var added = (await ChangesAsync(store)).Skip(before.Count).ToList();
        var keys = (await store.GetDocumentChunksAsync("d2")).Select(c => c.Key).ToList();
        Assert.Equal(keys, added.Select(c => c.ChunkKey));
        Assert.All(added, c => Assert.True(c.Added));
        Assert.Equal(["a", "b", "c"], added.Select(c => c.Document!.Body));
        Assert.True(added[0].Sequence > before[^1].Sequence);
    }

    [Fact]
    public async Task A_committed_writer_refuses_further_use()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await using var writer = await store.BeginDocumentAsync("d1");
        await writer.AddChunkAsync(MakeChunk("d1", 0, "text"));
        await writer.CommitAsync(MakeRecord("d1"));

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.AddChunkAsync(MakeChunk("d1", 1, "late")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.CommitAsync(MakeRecord("d1")));
    }
}
