using System.Globalization;
using Docent.Conversation;
using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>
/// Conversation history in the data folder's database: conversations and their turns. A turn is stored only
/// after its answer is complete, in one transaction, so a failed or cancelled question leaves no half turn.
/// Thread-safe.
/// </summary>
public sealed class ConversationStore(SqliteDocumentStore store)
{
    /// <summary>Longest conversation id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>A new random conversation id.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="id"/> is 1–64 letters, digits, '-' or '_'.</summary>
    public static void ValidateId(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Conversation id \"{id}\" must be 1–{MaxIdLength} letters, digits, '-' or '_'.");
        }
    }

    /// <summary>The turns of a conversation, oldest first (empty when it does not exist).</summary>
    public async Task<IReadOnlyList<ConversationTurn>> GetTurnsAsync(string id, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ordinal, question, standalone, answer, found, created_at FROM turns WHERE conversation_id = $id ORDER BY ordinal;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var turns = new List<ConversationTurn>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            turns.Add(new ConversationTurn(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4) == 1,
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        }

        return turns;
    }

    /// <summary>Appends a completed turn (creating the conversation, titled by its first question); returns it.</summary>
    public async Task<ConversationTurn> AppendTurnAsync(
        string id, string question, string standaloneQuestion, string answer, bool found, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        var now = DateTimeOffset.UtcNow;
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO conversations(id, title, created_at, updated_at) VALUES ($id, $title, $now, $now)
            ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at;
            INSERT INTO turns(conversation_id, ordinal, question, standalone, answer, found, created_at)
            VALUES ($id, coalesce((SELECT max(ordinal) FROM turns WHERE conversation_id = $id), 0) + 1, $q, $s, $a, $f, $now)
            RETURNING ordinal;
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$title", question.Length <= 120 ? question : question[..120]);
        command.Parameters.AddWithValue("$now", now.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$q", question);
        command.Parameters.AddWithValue("$s", standaloneQuestion);
        command.Parameters.AddWithValue("$a", answer);
        command.Parameters.AddWithValue("$f", found ? 1 : 0);
        var ordinal = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationTurn(ordinal, question, standaloneQuestion, answer, found, now);
    }
}
