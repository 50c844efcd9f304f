namespace Docent.Storage;

/// <summary>The SQLite schema of a Docent data folder and its version. Static; thread-safe.</summary>
internal static class StoreSchema
{
    /// <summary>The schema version this build writes and the newest it can read.</summary>
    public const int CurrentVersion = 7;

    /// <summary>File name of the database inside the data folder.</summary>
    public const string DatabaseFileName = "docent.db";

    /// <summary>Creates every table of version 1; idempotent.</summary>
    public const string CreateV1 = """
        CREATE TABLE IF NOT EXISTS meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS documents (
            id           TEXT PRIMARY KEY,
            source       TEXT NOT NULL UNIQUE,
            title        TEXT NOT NULL,
            format       TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            length       INTEGER NOT NULL,
            chunk_count  INTEGER NOT NULL,
            ingested_at  TEXT NOT NULL,
            warnings     TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS chunks (
            key          INTEGER PRIMARY KEY AUTOINCREMENT,
            id           TEXT NOT NULL UNIQUE,
            document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal      INTEGER NOT NULL,
            text         TEXT NOT NULL,
            heading_path TEXT NOT NULL,
            page         INTEGER NULL,
            span_start   INTEGER NOT NULL,
            span_length  INTEGER NOT NULL,
            token_count  INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks(document_id, ordinal);
        -- Every chunk added or removed, in commit order: the lexical index replays what it has not seen.
        CREATE TABLE IF NOT EXISTS changes (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            chunk_key INTEGER NOT NULL,
            added     INTEGER NOT NULL
        );
        """;

    /// <summary>
    /// Adds version 2: embeddings by model and content hash (the cache and the vector index's source), and
    /// conversations with their turns. Idempotent; a version-1 store gains the tables on open.
    /// </summary>
    public const string CreateV2 = """
        CREATE TABLE IF NOT EXISTS embeddings (
            model_id     TEXT NOT NULL,
            content_hash BLOB NOT NULL,
            vector       BLOB NOT NULL,
            PRIMARY KEY (model_id, content_hash)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS conversations (
            id         TEXT PRIMARY KEY,
            title      TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS turns (
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            ordinal         INTEGER NOT NULL,
            question        TEXT NOT NULL,
            standalone      TEXT NOT NULL,
            answer          TEXT NOT NULL,
            found           INTEGER NOT NULL,
            created_at      TEXT NOT NULL,
            PRIMARY KEY (conversation_id, ordinal)
        );
        """;

    /// <summary>
    /// Adds version 3: the display source of each document (a path relative to its ingest root, or an upload's original
    /// name; null for rows written before). Not idempotent: run only when the column is missing.
    /// </summary>
    public const string AddV3 = "ALTER TABLE documents ADD COLUMN display_source TEXT NULL;";

    /// <summary>
    /// Adds version 4: each chunk's language (ISO 639-1 or "und"; null for rows written before, which the lexical index
    /// identifies from the text). Not idempotent: run only when the column is missing.
    /// </summary>
    public const string AddV4 = "ALTER TABLE chunks ADD COLUMN language TEXT NULL;";

    /// <summary>
    /// Adds version 5: each document's parse-quality report (JSON; null for rows written before) and, for a file held
    /// inside another (an archive entry, an attachment), its container's id. Not idempotent: run only when the columns are missing.
    /// </summary>
    public const string AddV5 = """
        ALTER TABLE documents ADD COLUMN quality TEXT NULL;
        ALTER TABLE documents ADD COLUMN parent_id TEXT NULL;
        CREATE INDEX IF NOT EXISTS documents_by_parent ON documents(parent_id);
        """;

    /// <summary>
    /// Adds version 6: where each chunk lies on its page (<see cref="StoredRegion"/>; null for text formats and for rows
    /// written before). Not idempotent: run only when the column is missing.
    /// </summary>
    public const string AddV6 = "ALTER TABLE chunks ADD COLUMN region TEXT NULL;";

    /// <summary>
    /// Adds version 7: each document's access list (a JSON array of principals; null for every caller) and each
    /// conversation's owner (the access scope's key of whoever started it; null for conversations started before, which
    /// only an unrestricted caller reads). Not idempotent: run only when the columns are missing.
    /// </summary>
    public const string AddV7 = """
        ALTER TABLE documents ADD COLUMN access TEXT NULL;
        ALTER TABLE conversations ADD COLUMN owner TEXT NULL;
        """;
}
