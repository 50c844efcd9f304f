using Docent.Access;
using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>Documents' access lists, the chunks a caller may not read, and the version that tells caches the store changed.</summary>
public sealed partial class SqliteDocumentStore
{
    /// <summary>
    /// A text that changes whenever what a question could be answered from changes: any chunk added or removed (the change
    /// log's sequence, which never goes back even when the log is trimmed), any access list set, any document moved.
    /// </summary>
    public async Task<string> ReadVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0) || '.' ||
                   coalesce((SELECT value FROM meta WHERE key = 'catalog_version'), '0');
            """;
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Sets the access list of a document and of every document it holds (an archive's entries, an e-mail's attachments);
    /// an empty list lets every caller read them. Returns how many documents changed access (0 when it is not stored).
    /// </summary>
    public async Task<int> SetAccessAsync(string documentId, IReadOnlyList<string> access, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        IReadOnlyList<string> normalized = DocumentAccess.Normalize(access);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            WITH RECURSIVE held(id) AS (
                SELECT id FROM documents WHERE id = $id
                UNION SELECT d.id FROM documents d JOIN held h ON d.parent_id = h.id)
            UPDATE documents SET access = $access WHERE id IN (SELECT id FROM held);
            """;
        command.Parameters.AddWithValue("$id", documentId);
        command.Parameters.AddWithValue("$access", normalized.Count > 0 ? ToJson(normalized) : DBNull.Value);
        int changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (changed > 0)
        {
            await BumpCatalogVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>
    /// The chunks <paramref name="scope"/> may not read, read in one snapshot with the highest chunk key that existed then
    /// (a later chunk is unknown to the snapshot, so a filter built from it must refuse it).
    /// </summary>
    internal async Task<(List<long> Denied, long MaxKey)> ReadDeniedChunksAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(key), 0) FROM chunks;";
        long maxKey = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

        // One pass over the chunks of documents with a list; each distinct list is decided once.
        command.CommandText = "SELECT c.key, d.access FROM documents d JOIN chunks c ON c.document_id = d.id WHERE d.access IS NOT NULL;";
        var denied = new List<long>();
        var readable = new Dictionary<string, bool>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                string access = reader.GetString(1);
                if (!readable.TryGetValue(access, out bool canRead))
                {
                    readable[access] = canRead = scope.CanRead(FromJson(access));
                }

                if (!canRead)
                {
                    denied.Add(reader.GetInt64(0));
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (denied, maxKey);
    }

    /// <summary>Whether any stored document has an access list (when none has, every caller reads everything).</summary>
    public async Task<bool> HasRestrictedDocumentsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM documents WHERE access IS NOT NULL);";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>Inside <paramref name="transaction"/>: marks the catalog changed, so <see cref="ReadVersionAsync"/> moves on.</summary>
    internal static async Task BumpCatalogVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO meta(key, value) VALUES ('catalog_version', '1')
            ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
