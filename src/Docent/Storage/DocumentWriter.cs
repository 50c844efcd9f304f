using Docent.Chunking;
using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>
/// Writes one document inside one transaction: on creation the document's old chunks are deleted (and
/// logged as removed); <see cref="AddChunkAsync"/> inserts new chunks as they stream in (logged as added);
/// <see cref="CommitAsync"/> writes the document row and commits. Disposing without committing rolls back.
/// Not thread-safe: one writer per document, used by one task.
/// </summary>
public sealed class DocumentWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertChunk;
    private readonly SqliteCommand _logAdded;
    private bool _prepared;
    private bool _completed;

    internal DocumentWriter(SqliteConnection connection, SqliteTransaction transaction, string documentId)
    {
        _connection = connection;
        _transaction = transaction;
        DocumentId = documentId;

        _insertChunk = connection.CreateCommand();
        _insertChunk.Transaction = transaction;
        _insertChunk.CommandText = """
            INSERT INTO chunks(id, document_id, ordinal, text, heading_path, page, span_start, span_length, token_count, language, region)
            VALUES ($id, $doc, $ordinal, $text, $headings, $page, $start, $length, $tokens, $language, $region) RETURNING key;
            """;
        foreach (var name in new[] { "$id", "$doc", "$ordinal", "$text", "$headings", "$page", "$start", "$length", "$tokens", "$language", "$region" })
        {
            _insertChunk.Parameters.Add(new SqliteParameter(name, null));
        }

        _logAdded = connection.CreateCommand();
        _logAdded.Transaction = transaction;
        _logAdded.CommandText = "INSERT INTO changes(chunk_key, added) VALUES ($key, 1);";
        _logAdded.Parameters.Add(new SqliteParameter("$key", null));
    }

    /// <summary>The document being written.</summary>
    public string DocumentId { get; }

    /// <summary>Chunks added so far.</summary>
    public int ChunkCount { get; private set; }

    /// <summary>Adds one chunk of the new version.</summary>
    public async Task AddChunkAsync(Chunk chunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (chunk.DocumentId != DocumentId)
        {
            throw new ArgumentException($"Chunk {chunk.Id} belongs to document {chunk.DocumentId}, not {DocumentId}.", nameof(chunk));
        }

        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        var p = _insertChunk.Parameters;
        p["$id"].Value = chunk.Id;
        p["$doc"].Value = chunk.DocumentId;
        p["$ordinal"].Value = chunk.Ordinal;
        p["$text"].Value = chunk.Text;
        p["$headings"].Value = SqliteDocumentStore.ToJson(chunk.HeadingPath);
        p["$page"].Value = chunk.Page is { } page ? page : DBNull.Value;
        p["$start"].Value = chunk.Span.Start;
        p["$length"].Value = chunk.Span.Length;
        p["$tokens"].Value = chunk.TokenCount;
        p["$language"].Value = (object?)chunk.Language ?? DBNull.Value;
        p["$region"].Value = chunk.Region is { } region ? StoredRegion.Format(region) : DBNull.Value;
        var key = (long)(await _insertChunk.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        _logAdded.Parameters["$key"].Value = key;
        await _logAdded.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        ChunkCount++;
    }

    /// <summary>
    /// Takes back every chunk added so far (rows and their change-log entries, inside this transaction), so the document is
    /// committed without searchable text: a quarantined document. The old version's chunks stay removed.
    /// </summary>
    public async Task DiscardChunksAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = """
            DELETE FROM changes WHERE added = 1 AND chunk_key IN (SELECT key FROM chunks WHERE document_id = $id);
            DELETE FROM chunks WHERE document_id = $id;
            """;
        command.Parameters.AddWithValue("$id", DocumentId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        ChunkCount = 0;
    }

    /// <summary>Writes the document row (its chunk count taken from the chunks added) and commits.</summary>
    public async Task CommitAsync(DocumentRecord document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (document.Id != DocumentId)
        {
            throw new ArgumentException($"Document {document.Id} is not {DocumentId}.", nameof(document));
        }

        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = _connection.CreateCommand())
        {
            command.Transaction = _transaction;
            command.CommandText = """
                UPDATE documents SET source = $source, title = $title, format = $format, content_hash = $hash,
                    length = $length, chunk_count = $chunks, ingested_at = $at, warnings = $warnings,
                    display_source = $display, quality = $quality, parent_id = $parent, access = $access
                WHERE id = $id;
                """;
            command.Parameters.AddWithValue("$id", document.Id);
            command.Parameters.AddWithValue("$source", document.Source);
            command.Parameters.AddWithValue("$title", document.Title);
            command.Parameters.AddWithValue("$format", document.Format);
            command.Parameters.AddWithValue("$hash", document.ContentHash);
            command.Parameters.AddWithValue("$length", document.Length);
            command.Parameters.AddWithValue("$chunks", ChunkCount);
            command.Parameters.AddWithValue("$at", document.IngestedAt.ToString("O"));
            command.Parameters.AddWithValue("$warnings", SqliteDocumentStore.ToJson(document.Warnings));
            command.Parameters.AddWithValue("$display", (object?)document.DisplaySource ?? DBNull.Value);
            command.Parameters.AddWithValue("$quality", document.Quality is { } quality
                ? System.Text.Json.JsonSerializer.Serialize(quality, StoreJson.Default.DocumentQuality) : DBNull.Value);
            command.Parameters.AddWithValue("$parent", (object?)document.ParentId ?? DBNull.Value);
            command.Parameters.AddWithValue("$access", document.Access is { Count: > 0 } access ? SqliteDocumentStore.ToJson(access) : DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    // The old version is removed lazily, on the first chunk or the commit, so a writer that is abandoned
    // before doing anything costs nothing. The document row is upserted first to satisfy the foreign key.
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (_prepared)
        {
            return;
        }

        _prepared = true;
        await LogAndDeleteChunksAsync(_connection, _transaction, DocumentId, cancellationToken).ConfigureAwait(false);
        await using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = """
            INSERT INTO documents(id, source, title, format, content_hash, length, chunk_count, ingested_at, warnings)
            VALUES ($id, $id, '', '', '', 0, 0, '', '[]')
            ON CONFLICT(id) DO NOTHING;
            """;
        command.Parameters.AddWithValue("$id", DocumentId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task LogAndDeleteChunksAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO changes(chunk_key, added) SELECT key, 0 FROM chunks WHERE document_id = $id ORDER BY key;
            DELETE FROM chunks WHERE document_id = $id;
            """;
        command.Parameters.AddWithValue("$id", documentId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls back unless committed, and releases the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            try
            {
                await _transaction.RollbackAsync().ConfigureAwait(false);
            }
            catch (SqliteException)
            {
                // The connection may already be broken; closing it discards the transaction anyway.
            }
        }

        await _insertChunk.DisposeAsync().ConfigureAwait(false);
        await _logAdded.DisposeAsync().ConfigureAwait(false);
        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
