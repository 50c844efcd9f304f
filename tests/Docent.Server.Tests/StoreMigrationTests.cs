using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Docent.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Docent.Server.Tests;

/// <summary>A data folder written by the previous store schema (version 2, no display source) still opens, lists and searches.</summary>
public sealed class StoreMigrationTests
{
    // The version-2 tables as that schema wrote them (frozen here: the current schema constants move on).
    private const string Version2 = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (
            id TEXT PRIMARY KEY, source TEXT NOT NULL UNIQUE, title TEXT NOT NULL, format TEXT NOT NULL, content_hash TEXT NOT NULL,
            length INTEGER NOT NULL, chunk_count INTEGER NOT NULL, ingested_at TEXT NOT NULL, warnings TEXT NOT NULL);
        CREATE TABLE chunks (
            key INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL, text TEXT NOT NULL, heading_path TEXT NOT NULL, page INTEGER NULL, span_start INTEGER NOT NULL,
            span_length INTEGER NOT NULL, token_count INTEGER NOT NULL);
        CREATE INDEX chunks_by_document ON chunks(document_id, ordinal);
        CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, chunk_key INTEGER NOT NULL, added INTEGER NOT NULL);
        CREATE TABLE embeddings (model_id TEXT NOT NULL, content_hash BLOB NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model_id, content_hash)) WITHOUT ROWID;
        CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE turns (
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL, question TEXT NOT NULL,
            standalone TEXT NOT NULL, answer TEXT NOT NULL, found INTEGER NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (conversation_id, ordinal));
        INSERT INTO meta VALUES ('schema_version', '2'), ('created_at', '2025-01-01T00:00:00.0000000+00:00');
        INSERT INTO documents VALUES ('doc1', '/srv/docs/hr/leave.md', 'Leave', 'markdown', 'abc', 52, 1, '2025-01-01T00:00:00.0000000+00:00', '[]');
        INSERT INTO chunks(id, document_id, ordinal, text, heading_path, page, span_start, span_length, token_count)
            VALUES ('doc1#0', 'doc1', 0, 'Employees receive 27 days of annual leave.', '["Leave"]', NULL, 0, 43, 8);
        INSERT INTO changes(chunk_key, added) VALUES (1, 1);
        """;

    [Fact]
    public async Task AVersion2Store_OpensListsAndSearches_ShowingTheFileName()
    {
        using var data = new TempDirectory();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "docent.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Version2;
            await command.ExecuteNonQueryAsync();
        }

        await using var server = await ServerFixture.StartAsync(server: o => o.DataDirectory = data.Path);
        var documents = await server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents");
        var search = await server.Client.GetFromJsonAsync<JsonObject>("/api/collections/default/search?q=annual+leave");
        using var form = new MultipartFormDataContent { { new StringContent("# Travel\n\nBook trains for short journeys."), "files", "travel.md" } };
        (await server.Client.PostAsync("/api/collections/default/documents", form)).EnsureSuccessStatusCode();
        var after = await server.Client.GetFromJsonAsync<JsonArray>("/api/collections/default/documents");

        var document = Assert.Single(documents!)!;
        Assert.Equal("leave.md", document["source"]!.GetValue<string>());
        Assert.Equal("Leave", document["title"]!.GetValue<string>());
        Assert.Equal("leave.md", search!["results"]![0]!["source"]!.GetValue<string>());
        Assert.Equal(["leave.md", "travel.md"], after!.Select(d => d!["source"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
