using System.Runtime.CompilerServices;
using Docent.Retrieval;
using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>Reads and removals of <see cref="SqliteDocumentStore"/>.</summary>
public sealed partial class SqliteDocumentStore
{
    /// <summary>The document read from <paramref name="source"/>, or null.</summary>
    public async Task<DocumentRecord?> FindBySourceAsync(string source, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents d WHERE d.source = $s;";
        command.Parameters.AddWithValue("$s", source);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDocument(reader, 0) : null;
    }

    /// <summary>The document with id <paramref name="documentId"/>, or null.</summary>
    public async Task<DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents d WHERE d.id = $id;";
        command.Parameters.AddWithValue("$id", documentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDocument(reader, 0) : null;
    }

    /// <summary>Every document, ordered by source path.</summary>
    public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents d ORDER BY d.source;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<DocumentRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(ReadDocument(reader, 0));
        }

        return documents;
    }

    /// <summary>The chunks with the given keys and their documents, in the order of <paramref name="keys"/>; missing keys are left out.</summary>
    public async Task<IReadOnlyList<(StoredChunk Chunk, DocumentRecord Document)>> GetChunksAsync(
        IReadOnlyList<long> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var names = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            names[i] = "$k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(names[i], keys[i]);
        }

        command.CommandText = $"SELECT c.key, {ChunkColumns}, {DocumentColumns} FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.key IN ({string.Join(',', names)});";
        var found = new Dictionary<long, (StoredChunk, DocumentRecord)>(keys.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = reader.GetInt64(0);
                found[key] = (new StoredChunk(key, ReadChunk(reader, 1)), ReadDocument(reader, 12));
            }
        }

        var ordered = new List<(StoredChunk, DocumentRecord)>(found.Count);
        foreach (var key in keys)
        {
            if (found.TryGetValue(key, out var hit))
            {
                ordered.Add(hit);
            }
        }

        return ordered;
    }

    /// <summary>The chunks of one document in order.</summary>
    public async Task<IReadOnlyList<StoredChunk>> GetDocumentChunksAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT c.key, {ChunkColumns} FROM chunks c WHERE c.document_id = $id ORDER BY c.ordinal;";
        command.Parameters.AddWithValue("$id", documentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var chunks = new List<StoredChunk>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks.Add(new StoredChunk(reader.GetInt64(0), ReadChunk(reader, 1)));
        }

        return chunks;
    }

    /// <summary>
    /// Removes a document and its chunks in one transaction, with every document held inside it (an archive's entries, an
    /// e-mail's attachments, at any depth); false when it was not stored.
    /// </summary>
    public async Task<bool> RemoveDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var removed = await RemoveHeldAsync(connection, transaction, documentId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed > 0;
    }

    /// <summary>
    /// Inside <paramref name="transaction"/>: removes a document, its chunks (logged as removed) and every document it holds at
    /// any depth; returns how many documents went.
    /// </summary>
    internal static async Task<int> RemoveHeldAsync(SqliteConnection connection, SqliteTransaction transaction, string documentId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                WITH RECURSIVE held(id) AS (
                    SELECT id FROM documents WHERE id = $id
                    UNION SELECT d.id FROM documents d JOIN held h ON d.parent_id = h.id)
                SELECT id FROM held;
                """;
            command.Parameters.AddWithValue("$id", documentId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }

        foreach (var id in ids)
        {
            await DocumentWriter.LogAndDeleteChunksAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM documents WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return ids.Count;
    }

    /// <summary>The documents held directly inside <paramref name="parentId"/> (an archive's entries, an e-mail's attachments).</summary>
    public async Task<IReadOnlyList<DocumentRecord>> ListContainedAsync(string parentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents d WHERE d.parent_id = $id ORDER BY d.source;";
        command.Parameters.AddWithValue("$id", parentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<DocumentRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(ReadDocument(reader, 0));
        }

        return documents;
    }

    /// <summary>
    /// The change log after <paramref name="afterSequence"/>, oldest first, each added chunk with its index
    /// fields when it still exists.
    /// </summary>
    /// <exception cref="ChangeLogTrimmedException">The log was trimmed past <paramref name="afterSequence"/>: some changes are gone.</exception>
    public async IAsyncEnumerable<StoreChange> ReadChangesAsync(
        long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: the trim check and the changes come from the same snapshot, so a writer that
        // trims the log between them cannot open a silent gap.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'changes_trimmed_through'), 0);";
        var trimmedThrough = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (trimmedThrough > afterSequence)
        {
            throw new ChangeLogTrimmedException(afterSequence, trimmedThrough);
        }

        command.CommandText = """
            SELECT ch.seq, ch.chunk_key, ch.added, c.text, c.heading_path, d.title, c.language
            FROM changes ch
            LEFT JOIN chunks c ON ch.added = 1 AND c.key = ch.chunk_key
            LEFT JOIN documents d ON d.id = c.document_id
            WHERE ch.seq > $after ORDER BY ch.seq;
            """;
        command.Parameters.AddWithValue("$after", afterSequence);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = reader.GetInt64(1);
            var added = reader.GetInt64(2) == 1;
            LexicalDocument? document = null;
            if (added && !reader.IsDBNull(3))
            {
                document = new LexicalDocument(key, reader.GetString(5), string.Join(" / ", FromJson(reader.GetString(4))), reader.GetString(3))
                {
                    Language = reader.IsDBNull(6) ? null : reader.GetString(6),
                };
            }

            yield return new StoreChange(reader.GetInt64(0), key, added, document);
        }
    }

    /// <summary>Deletes change-log entries up to and including <paramref name="sequence"/> (the index has them).</summary>
    public async Task TrimChangesAsync(long sequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM changes WHERE seq <= $s;
            INSERT INTO meta(key, value) VALUES ('changes_trimmed_through', $s)
            ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER));
            """;
        command.Parameters.AddWithValue("$s", sequence);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The range of the change log an index can catch up from: entries up to <c>TrimmedThrough</c> are gone,
    /// and <c>Last</c> is the newest sequence ever written.
    /// </summary>
    public async Task<(long TrimmedThrough, long Last)> GetChangeLogRangeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'changes_trimmed_through'), 0),
                   coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0);
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Every stored chunk as the lexical index sees it, in key order, for a full rebuild; read in one
    /// snapshot together with the change-log position it reflects (returned first via <paramref name="onSnapshot"/>).
    /// </summary>
    public async IAsyncEnumerable<LexicalDocument> ReadAllForIndexAsync(
        Action<long> onSnapshot, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onSnapshot);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A deferred (read) transaction: one snapshot without blocking, or being blocked by, a writer.
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0);";
        onSnapshot(Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture));
        command.CommandText = "SELECT c.key, c.text, c.heading_path, d.title, c.language FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY c.key;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new LexicalDocument(reader.GetInt64(0), reader.GetString(3), string.Join(" / ", FromJson(reader.GetString(2))), reader.GetString(1))
            {
                Language = reader.IsDBNull(4) ? null : reader.GetString(4),
            };
        }
    }

    /// <summary>Counts and sizes.</summary>
    public async Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM chunks),
                   coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0);
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        foreach (var suffix in new[] { "", "-wal" })
        {
            var file = new FileInfo(DatabasePath + suffix);
            bytes += file.Exists ? file.Length : 0;
        }

        return new StoreStatistics(reader.GetInt32(0), reader.GetInt64(1), bytes, reader.GetInt64(2));
    }
}
