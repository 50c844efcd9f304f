using System.Globalization;
using Docent.Conversation;
using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>
/// Conversation history in the data folder's database: conversations and their turns. A turn is stored only
/// after its answer is complete, in one transaction, so a failed or cancelled question leaves no half turn. Each
/// conversation belongs to the access scope that started it: a caller limited to some documents reads and continues only
/// its own scope's conversations (another's reads as missing), while an unrestricted caller reads them all. Thread-safe.
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

    /// <summary>
    /// The turns of a conversation, oldest first (empty when it does not exist or belongs to another scope than
    /// <paramref name="access"/>; null reads every conversation).
    /// </summary>
    public async Task<IReadOnlyList<ConversationTurn>> GetTurnsAsync(string id, Access.AccessScope? access = null, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.ordinal, t.question, t.standalone, t.answer, t.found, t.created_at
            FROM turns t JOIN conversations c ON c.id = t.conversation_id
            WHERE t.conversation_id = $id AND ($all = 1 OR c.owner = $owner)
            ORDER BY t.ordinal;
            """;
        command.Parameters.AddWithValue("$id", id);
        AddOwner(command, access);
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

    /// <summary>
    /// The most recently updated conversations that <paramref name="access"/> may read (null: all), newest first, at most
    /// <paramref name="limit"/>: their ids, titles (the first question), times and numbers of turns.
    /// </summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(Access.AccessScope? access = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.id, c.title, c.created_at, c.updated_at, (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id)
            FROM conversations c
            WHERE $all = 1 OR c.owner = $owner
            ORDER BY c.updated_at DESC, c.id
            LIMIT $limit;
            """;
        AddOwner(command, access);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ConversationSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new ConversationSummary(
                reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), reader.GetInt32(4)));
        }

        return list;
    }

    /// <summary>
    /// Whether <paramref name="access"/> may continue conversation <paramref name="id"/>: true when it does not exist yet or
    /// belongs to that scope (or the caller is unrestricted).
    /// </summary>
    public async Task<bool> CanContinueAsync(string id, Access.AccessScope? access = null, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        if (access is null || access.IsUnrestricted)
        {
            return true;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT NOT EXISTS (SELECT 1 FROM conversations WHERE id = $id AND owner IS NOT $owner);";
        command.Parameters.AddWithValue("$id", id);
        AddOwner(command, access);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// Appends a completed turn (creating the conversation, titled by its first question, owned by
    /// <paramref name="access"/>; null: unrestricted); returns it.
    /// </summary>
    /// <exception cref="ArgumentException">The conversation exists and belongs to another scope.</exception>
    public async Task<ConversationTurn> AppendTurnAsync(
        string id, string question, string standaloneQuestion, string answer, bool found, Access.AccessScope? access = null, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        var now = DateTimeOffset.UtcNow;
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO conversations(id, title, created_at, updated_at, owner) VALUES ($id, $title, $now, $now, $owner)
            ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at WHERE $all = 1 OR owner = $owner;
            INSERT INTO turns(conversation_id, ordinal, question, standalone, answer, found, created_at)
            SELECT $id, coalesce((SELECT max(ordinal) FROM turns WHERE conversation_id = $id), 0) + 1, $q, $s, $a, $f, $now
            WHERE EXISTS (SELECT 1 FROM conversations WHERE id = $id AND ($all = 1 OR owner = $owner))
            RETURNING ordinal;
            """;
        command.Parameters.AddWithValue("$id", id);
        AddOwner(command, access);
        command.Parameters.AddWithValue("$title", question.Length <= 120 ? question : question[..120]);
        command.Parameters.AddWithValue("$now", now.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$q", question);
        command.Parameters.AddWithValue("$s", standaloneQuestion);
        command.Parameters.AddWithValue("$a", answer);
        command.Parameters.AddWithValue("$f", found ? 1 : 0);
        var inserted = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ArgumentException($"There is no conversation \"{id}\" for this caller: it was started by a caller who may read other documents.");
        var ordinal = Convert.ToInt32(inserted, CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationTurn(ordinal, question, standaloneQuestion, answer, found, now);
    }

    private static void AddOwner(SqliteCommand command, Access.AccessScope? access)
    {
        command.Parameters.AddWithValue("$owner", access?.Key ?? Access.AccessScope.Everything.Key);
        command.Parameters.AddWithValue("$all", access is null || access.IsUnrestricted ? 1 : 0);
    }
}
