using System.Text.Json;
using Docent.Chunking;
using Microsoft.Data.Sqlite;

namespace Docent.Storage;

/// <summary>
/// The system of record of a data folder: documents, chunks and the change log, in one SQLite database in
/// WAL mode. Every document is written in one transaction (see <see cref="BeginDocumentAsync"/>), so a crash
/// leaves either the old or the new version of a document, never a mix. Thread-safe: each call uses its own
/// pooled connection; SQLite serialises writers.
/// </summary>
public sealed partial class SqliteDocumentStore : IDocumentCatalog
{
    private readonly string _connectionString;

    private SqliteDocumentStore(string dataDirectory, string databasePath)
    {
        DataDirectory = dataDirectory;
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens (creating when needed) the store in <paramref name="dataDirectory"/>. Throws
    /// <see cref="StoreVersionException"/> when the store was written by a newer schema.
    /// </summary>
    public static async Task<SqliteDocumentStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        var store = new SqliteDocumentStore(directory, Path.Combine(directory, StoreSchema.DatabaseFileName));
        await store.InitialiseAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", transaction: null, cancellationToken).ConfigureAwait(false);

        var version = await ReadSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version > StoreSchema.CurrentVersion)
        {
            throw new StoreVersionException(DatabasePath, version, StoreSchema.CurrentVersion);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, StoreSchema.CreateV1 + StoreSchema.CreateV2, transaction, cancellationToken).ConfigureAwait(false);
        if (!await HasColumnAsync(connection, transaction, "documents", "display_source", cancellationToken).ConfigureAwait(false))
        {
            // Inside the (immediate) transaction, so two processes opening an older store at once cannot both add it.
            await ExecuteAsync(connection, StoreSchema.AddV3, transaction, cancellationToken).ConfigureAwait(false);
        }

        if (!await HasColumnAsync(connection, transaction, "chunks", "language", cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, StoreSchema.AddV4, transaction, cancellationToken).ConfigureAwait(false);
        }

        if (!await HasColumnAsync(connection, transaction, "documents", "parent_id", cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, StoreSchema.AddV5, transaction, cancellationToken).ConfigureAwait(false);
        }

        if (!await HasColumnAsync(connection, transaction, "chunks", "region", cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, StoreSchema.AddV6, transaction, cancellationToken).ConfigureAwait(false);
        }

        if (!await HasColumnAsync(connection, transaction, "documents", "access", cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, StoreSchema.AddV7, transaction, cancellationToken).ConfigureAwait(false);
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO meta(key, value) VALUES ('schema_version', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;
                INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', $t);
                """;
            command.Parameters.AddWithValue("$v", StoreSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasColumnAsync(
        SqliteConnection connection, SqliteTransaction transaction, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM pragma_table_info($table) WHERE name = $column;";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<int> ReadSchemaVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta';";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version';";
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : 0;
    }

    /// <summary>Opens a pooled connection with foreign keys on.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;", transaction: null, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts writing document <paramref name="documentId"/>: its old chunks are removed and new ones added
    /// inside one transaction that <see cref="DocumentWriter.CommitAsync"/> commits. Disposing the writer
    /// without committing rolls everything back, leaving the old version intact.
    /// </summary>
    public async Task<DocumentWriter> BeginDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = connection.BeginTransaction(deferred: false);
            return new DocumentWriter(connection, transaction, documentId);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static string ToJson(IReadOnlyList<string> values) => JsonSerializer.Serialize(values, StoreJson.Default.IReadOnlyListString);

    internal static IReadOnlyList<string> FromJson(string json) =>
        JsonSerializer.Deserialize(json, StoreJson.Default.IReadOnlyListString) ?? [];

    private static Chunk ReadChunk(SqliteDataReader reader, int offset) => new(
        Id: reader.GetString(offset),
        DocumentId: reader.GetString(offset + 1),
        Ordinal: reader.GetInt32(offset + 2),
        Text: reader.GetString(offset + 3),
        HeadingPath: FromJson(reader.GetString(offset + 4)),
        Page: reader.IsDBNull(offset + 5) ? null : reader.GetInt32(offset + 5),
        Span: new TextSpan(reader.GetInt64(offset + 6), reader.GetInt32(offset + 7)),
        TokenCount: reader.GetInt32(offset + 8))
    {
        Language = reader.IsDBNull(offset + 9) ? null : reader.GetString(offset + 9),
        Region = reader.IsDBNull(offset + 10) ? null : StoredRegion.Parse(reader.GetString(offset + 10)),
    };

    private const string ChunkColumns = "c.id, c.document_id, c.ordinal, c.text, c.heading_path, c.page, c.span_start, c.span_length, c.token_count, c.language, c.region";

    private static DocumentRecord ReadDocument(SqliteDataReader reader, int offset) => new(
        Id: reader.GetString(offset),
        Source: reader.GetString(offset + 1),
        Title: reader.GetString(offset + 2),
        Format: reader.GetString(offset + 3),
        ContentHash: reader.GetString(offset + 4),
        Length: reader.GetInt64(offset + 5),
        ChunkCount: reader.GetInt32(offset + 6),
        IngestedAt: DateTimeOffset.Parse(reader.GetString(offset + 7), System.Globalization.CultureInfo.InvariantCulture),
        Warnings: FromJson(reader.GetString(offset + 8)),
        DisplaySource: reader.IsDBNull(offset + 9) ? null : reader.GetString(offset + 9),
        Quality: reader.IsDBNull(offset + 10) ? null : JsonSerializer.Deserialize(reader.GetString(offset + 10), StoreJson.Default.DocumentQuality),
        ParentId: reader.IsDBNull(offset + 11) ? null : reader.GetString(offset + 11),
        Access: reader.IsDBNull(offset + 12) ? null : FromJson(reader.GetString(offset + 12)));

    private const string DocumentColumns = "d.id, d.source, d.title, d.format, d.content_hash, d.length, d.chunk_count, d.ingested_at, d.warnings, d.display_source, d.quality, d.parent_id, d.access";
}
