using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>Moving a stored document to a new source path (a renamed file) without re-reading it.</summary>
public sealed partial class SqliteDocumentStore
{
    /// <summary>
    /// Moves document <paramref name="documentId"/> to <paramref name="newSource"/> (shown as <paramref name="newDisplaySource"/>) under
    /// the id <paramref name="newDocumentId"/>, in one transaction: the document row and its chunk rows are renamed in place (chunk
    /// <c>{old}:{n}</c> becomes <c>{new}:{n}</c>), keeping their numeric keys, texts, titles, headings and languages. The lexical and
    /// vector indexes are keyed by those numeric keys and hold only those fields, so they stay in step without re-indexing or
    /// re-embedding, and the move adds nothing to the change log. Documents held inside it (an archive's entries) name it as their
    /// container under its new id; their own sources are the caller's to move. A document already stored at <paramref name="newSource"/> (a file
    /// renamed over another) is replaced: its chunks are removed and logged as removed. Returns the moved document, or null when
    /// <paramref name="documentId"/> is not stored.
    /// </summary>
    public async Task<DocumentRecord?> MoveDocumentAsync(
        string documentId, string newDocumentId, string newSource, string? newDisplaySource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentException.ThrowIfNullOrEmpty(newDocumentId);
        ArgumentException.ThrowIfNullOrEmpty(newSource);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM documents WHERE id = $old;";
        command.Parameters.AddWithValue("$old", documentId);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        if (documentId != newDocumentId)
        {
            // Whatever is stored at the new path is replaced by the moved document.
            await RemoveWithinAsync(connection, transaction, newDocumentId, newSource, cancellationToken).ConfigureAwait(false);
        }

        // The document's id changes under its chunks' foreign key: checked at commit, when both sides agree again.
        command.CommandText = """
            PRAGMA defer_foreign_keys = ON;
            UPDATE documents SET id = $new, source = $source, display_source = $display WHERE id = $old;
            UPDATE chunks SET document_id = $new, id = $new || substr(id, length($old) + 1) WHERE document_id = $old;
            UPDATE documents SET parent_id = $new WHERE parent_id = $old;
            """;
        command.Parameters.AddWithValue("$new", newDocumentId);
        command.Parameters.AddWithValue("$source", newSource);
        command.Parameters.AddWithValue("$display", (object?)newDisplaySource ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await BumpCatalogVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return await GetDocumentAsync(newDocumentId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RemoveWithinAsync(
        SqliteConnection connection, SqliteTransaction transaction, string documentId, string source, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id FROM documents WHERE id = $id OR source = $source;";
        command.Parameters.AddWithValue("$id", documentId);
        command.Parameters.AddWithValue("$source", source);
        var occupants = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                occupants.Add(reader.GetString(0));
            }
        }

        foreach (var occupant in occupants)
        {
            await RemoveHeldAsync(connection, transaction, occupant, cancellationToken).ConfigureAwait(false);
        }
    }
}
