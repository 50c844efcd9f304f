using Docent.Chunking;
using Docent.Documents;
using Docent.Storage;
using Docent.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Docent.Tests.Storage;

public sealed class SqliteDocumentStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Chunk MakeChunk(string documentId, int ordinal, string text) =>
        new(Chunk.MakeId(documentId, ordinal), documentId, ordinal, text, ["Policies", "Travel"], 2, new TextSpan(ordinal * 100, text.Length), 5);

    private static DocumentRecord MakeRecord(string id, string source, string hash = "h1") =>
        new(id, source, "Title " + id, "markdown", hash, 42, 0, DateTimeOffset.UnixEpoch, ["a warning"]);

    private static async Task WriteAsync(SqliteDocumentStore store, string id, params string[] texts)
    {
        await using var writer = await store.BeginDocumentAsync(id);
        for (var i = 0; i < texts.Length; i++)
        {
            await writer.AddChunkAsync(MakeChunk(id, i, texts[i]));
        }

        await writer.CommitAsync(MakeRecord(id, "/docs/" + id + ".md"));
    }

    [Fact]
    public async Task Committed_document_round_trips_with_its_chunks_and_provenance()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "first chunk", "second chunk");

        var document = await store.FindBySourceAsync("/docs/d1.md");
        Assert.NotNull(document);
        Assert.Equal(2, document.ChunkCount);
        Assert.Equal(["a warning"], document.Warnings);
        var chunks = await store.GetDocumentChunksAsync("d1");
        Assert.Equal(["first chunk", "second chunk"], chunks.Select(c => c.Chunk.Text));
        Assert.Equal(["Policies", "Travel"], chunks[1].Chunk.HeadingPath);
        Assert.Equal(2, chunks[1].Chunk.Page);
        Assert.Equal(new TextSpan(100, "second chunk".Length), chunks[1].Chunk.Span);
    }

    [Fact]
    public async Task Writer_disposed_without_commit_leaves_the_old_version_intact()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "old text");

        await using (var writer = await store.BeginDocumentAsync("d1"))
        {
            await writer.AddChunkAsync(MakeChunk("d1", 0, "new text"));
            await writer.AddChunkAsync(MakeChunk("d1", 1, "more new text"));
        }

        var chunks = await store.GetDocumentChunksAsync("d1");
        Assert.Equal(["old text"], chunks.Select(c => c.Chunk.Text));
        Assert.Equal(1, (await store.GetStatisticsAsync()).Chunks);
    }

    [Fact]
    public async Task Replacing_a_document_logs_removals_then_additions_in_order()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "v1 a", "v1 b");
        var before = await store.GetDocumentChunksAsync("d1");
        await WriteAsync(store, "d1", "v2");

        var changes = new List<StoreChange>();
        await foreach (var change in store.ReadChangesAsync(0))
        {
            changes.Add(change);
        }

        Assert.Equal([true, true, false, false, true], changes.Select(c => c.Added));
        Assert.Equal(before.Select(c => c.Key), changes.Skip(2).Take(2).Select(c => c.ChunkKey));
        Assert.Null(changes[0].Document); // the first version's chunks are gone
        Assert.Equal("v2", changes[4].Document!.Body);
        Assert.Equal("Policies / Travel", changes[4].Document!.Headings);
        Assert.True(changes.Select(c => c.Sequence).SequenceEqual(changes.Select(c => c.Sequence).Order()));
    }

    [Fact]
    public async Task Removing_a_document_deletes_its_chunks()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "a", "b");
        await WriteAsync(store, "d2", "c");

        Assert.True(await store.RemoveDocumentAsync("d1"));
        Assert.False(await store.RemoveDocumentAsync("d1"));
        var stats = await store.GetStatisticsAsync();
        Assert.Equal(1, stats.Documents);
        Assert.Equal(1, stats.Chunks);
    }

    [Fact]
    public async Task A_store_written_by_a_newer_schema_is_refused_with_a_clear_error()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '99' WHERE key = 'schema_version';";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        SqliteConnection.ClearAllPools();
        var error = await Assert.ThrowsAsync<StoreVersionException>(() => SqliteDocumentStore.OpenAsync(_temp.Path));
        Assert.Equal(99, error.FoundVersion);
        Assert.Contains("newer Docent", error.Message);
    }

    [Fact]
    public async Task Chunks_are_returned_in_the_order_of_the_requested_keys()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "a", "b", "c");
        var keys = (await store.GetDocumentChunksAsync("d1")).Select(c => c.Key).ToList();

        var rows = await store.GetChunksAsync([keys[2], 999_999, keys[0]]);

        Assert.Equal(["c", "a"], rows.Select(r => r.Chunk.Chunk.Text));
        Assert.All(rows, r => Assert.Equal("d1", r.Document.Id));
    }

    [Fact]
    public async Task A_store_from_before_chunk_languages_gains_the_column_and_its_chunks_read_as_unidentified()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "first chunk");
        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE chunks DROP COLUMN language; UPDATE meta SET value = '3' WHERE key = 'schema_version';";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var reopened = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await using (var writer = await reopened.BeginDocumentAsync("d2"))
        {
            await writer.AddChunkAsync(MakeChunk("d2", 0, "Die Dateien werden sortiert.") with { Language = "de" });
            await writer.CommitAsync(MakeRecord("d2", "/docs/d2.md"));
        }

        Assert.Null((await reopened.GetDocumentChunksAsync("d1")).Single().Chunk.Language);
        Assert.Equal("de", (await reopened.GetDocumentChunksAsync("d2")).Single().Chunk.Language);
        var changes = new List<StoreChange>();
        await foreach (var change in reopened.ReadChangesAsync(0))
        {
            changes.Add(change);
        }

        Assert.Equal(["(none)", "de"], changes.Select(c => c.Document!.Language ?? "(none)").ToArray());
    }

    [Fact]
    public async Task A_store_from_before_quality_reports_gains_them_and_keeps_its_documents_and_a_container_removes_what_it_holds()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "first chunk");
        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP INDEX documents_by_parent; ALTER TABLE documents DROP COLUMN quality; ALTER TABLE documents DROP COLUMN parent_id; UPDATE meta SET value = '4' WHERE key = 'schema_version';";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var reopened = await SqliteDocumentStore.OpenAsync(_temp.Path);
        Assert.Null((await reopened.GetDocumentAsync("d1"))!.Quality);
        var quality = new DocumentQuality(Pages: 3, Characters: 4200, Headings: 5, Tables: 1, OcrPages: 2, OcrMeanConfidence: 88.5);
        await using (var writer = await reopened.BeginDocumentAsync("zip"))
        {
            await writer.CommitAsync(MakeRecord("zip", "/docs/a.zip") with { Quality = quality });
        }

        foreach (var (id, parent) in new[] { ("inner", "zip"), ("attachment", "inner") })
        {
            await using var writer = await reopened.BeginDocumentAsync(id);
            await writer.AddChunkAsync(MakeChunk(id, 0, $"text of {id}"));
            await writer.CommitAsync(MakeRecord(id, $"/docs/a.zip/{id}") with { ParentId = parent });
        }

        Assert.Equal(quality, (await reopened.GetDocumentAsync("zip"))!.Quality);
        Assert.Equal(1400, quality.CharactersPerPage);
        Assert.Equal(["inner"], (await reopened.ListContainedAsync("zip")).Select(d => d.Id));

        Assert.True(await reopened.RemoveDocumentAsync("zip"));
        Assert.Equal(["d1"], (await reopened.ListDocumentsAsync()).Select(d => d.Id));
        var removed = new List<StoreChange>();
        await foreach (var change in reopened.ReadChangesAsync(0))
        {
            removed.Add(change);
        }

        Assert.Equal(2, removed.Count(c => !c.Added));
    }

    [Fact]
    public async Task A_store_from_before_page_regions_gains_the_column_its_chunks_read_without_one_and_new_regions_round_trip()
    {
        var store = await SqliteDocumentStore.OpenAsync(_temp.Path);
        await WriteAsync(store, "d1", "first chunk");
        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE chunks DROP COLUMN region; UPDATE meta SET value = '5' WHERE key = 'schema_version';";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var reopened = await SqliteDocumentStore.OpenAsync(_temp.Path);
        var region = new PageRegion(0.1234567, 0.2, 0.5, 1.0 / 3);
        await using (var writer = await reopened.BeginDocumentAsync("scan"))
        {
            await writer.AddChunkAsync(MakeChunk("scan", 0, "4812 pallets were shipped.") with { Region = region });
            await writer.AddChunkAsync(MakeChunk("scan", 1, "no box"));
            await writer.CommitAsync(MakeRecord("scan", "/docs/scan.png"));
        }

        Assert.Null((await reopened.GetDocumentChunksAsync("d1")).Single().Chunk.Region);
        var chunks = await reopened.GetDocumentChunksAsync("scan");
        Assert.Equal([region, null], chunks.Select(c => c.Chunk.Region));
        var fetched = await reopened.GetChunksAsync([chunks[0].Key]);
        Assert.Equal(region, fetched.Single().Chunk.Chunk.Region);
        Assert.Equal("scan", fetched.Single().Document.Id);
    }
}
