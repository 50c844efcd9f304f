using Docent.Hosting;
using Docent.Models;

namespace Docent.Server;

/// <summary>How `docent serve` runs: the data folder (its root is the "default" collection), and limits. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class ServerOptions
{
    /// <summary>Options with the default limits.</summary>
    public ServerOptions()
    {
    }

    /// <summary>Options with the limits of <paramref name="settings"/> (the "server" section of the data folder's settings).</summary>
    public ServerOptions(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RequestsPerMinute = settings.RequestsPerMinute;
        MaxRequestBodyBytes = settings.MaxRequestBodyBytes;
        MaxQuestionLength = settings.MaxQuestionLength;
        MaxMessages = settings.MaxMessages;
        MaxMessageLength = settings.MaxMessageLength;
        MaxUploadBytes = settings.MaxUploadBytes;
        MaxUploadFiles = settings.MaxUploadFiles;
        AnswerCacheEntries = settings.AnswerCacheEntries;
        RequestLog = settings.RequestLog;
        UtilityModel = settings.UtilityModel;
    }

    /// <summary>
    /// Values added to the host's configuration before anything reads it, over the environment's (an embedding host's or a
    /// test's: the standard <c>OTEL_*</c> variables, for one). Null adds none.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Configuration { get; set; }

    /// <summary>The in-process model runtimes collections may use (ONNX embeddings and reranker, local generation); null: remote models only.</summary>
    public ILocalModelProvider? LocalModels { get; init; }

    /// <summary>
    /// Where collections live when not in this data folder: given the host's services and a collection's name, the shards
    /// it retrieves from, lists and ingests into (<c>docent serve --cluster</c>); null keeps every collection in its folder.
    /// A collection's folder then holds only its conversations, prompts and settings.
    /// </summary>
    public Func<IServiceProvider, string, Docent.Hosting.IRemoteCollection>? RemoteCollections { get; init; }

    /// <summary>The URL the server listens on when none is given: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5217";

    /// <summary>The environment variable `docent serve` reads the admin key from.</summary>
    public const string AdminKeyVariable = "DOCENT_SERVER__ADMINKEY";

    /// <summary>The environment variable `docent serve` reads CORS origins from (comma-separated).</summary>
    public const string CorsOriginsVariable = "DOCENT_SERVER__CORSORIGINS";

    /// <summary>The data folder: the default collection lives in it, others in its collections/ folder.</summary>
    public string DataDirectory { get; set; } = DocentOptions.DefaultDataDirectory;

    /// <summary>Where to listen (semicolon-separated URLs).</summary>
    public string Urls { get; set; } = DefaultUrl;

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = ServerSettings.DefaultMaxUploadBytes;

    /// <summary>Most files in one upload request.</summary>
    public int MaxUploadFiles { get; set; } = ServerSettings.DefaultMaxUploadFiles;

    /// <summary>The largest request body of every endpoint but uploads, in bytes: 413 above it.</summary>
    public long MaxRequestBodyBytes { get; set; } = ServerSettings.DefaultMaxRequestBodyBytes;

    /// <summary>The longest question (ask, chat, MCP) or search query, in characters: 400 above it.</summary>
    public int MaxQuestionLength { get; set; } = ServerSettings.DefaultMaxQuestionLength;

    /// <summary>Most messages in one chat-completions request: 400 above it.</summary>
    public int MaxMessages { get; set; } = ServerSettings.DefaultMaxMessages;

    /// <summary>The longest earlier message of a chat-completions request, in characters: 400 above it.</summary>
    public int MaxMessageLength { get; set; } = ServerSettings.DefaultMaxMessageLength;

    /// <summary>Most answers kept to serve repeated one-off questions (all collections together); 0: no answer cache.</summary>
    public int AnswerCacheEntries { get; set; } = ServerSettings.DefaultAnswerCacheEntries;

    /// <summary>Whether each HTTP request is logged as one line (see <see cref="Observability.RequestLog"/>); off by default.</summary>
    public bool RequestLog { get; set; }

    /// <summary>Whether OpenAI clients' housekeeping requests (chat titles, tags) go to the collection's chat model (<see cref="ServerSettings.UtilityModel"/>).</summary>
    public bool UtilityModel { get; set; }

    /// <summary>The audit log of questions (the served data folder's "audit" settings; a relative path is taken from <see cref="DataDirectory"/>); off by default.</summary>
    public AuditSettings Audit { get; set; } = new();

    /// <summary>The largest upload request body: every file at its limit, plus 1 MiB of multipart framing.</summary>
    public long UploadBodyLimit => (MaxUploadBytes * MaxUploadFiles) + (1L << 20);

    /// <summary>
    /// The admin key (at least 16 characters; null: none): it may do everything, including creating the other keys. With
    /// neither an admin key nor stored keys the server asks for no key and listens on loopback only.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>Requests a minute each key (or, without one, each client address) may make before 429.</summary>
    public int RequestsPerMinute { get; set; } = ServerSettings.DefaultRequestsPerMinute;

    /// <summary>Browser origins allowed to call the API cross-origin (e.g. "https://intranet.example"); empty: CORS off.</summary>
    public IList<string> CorsOrigins { get; set; } = [];

    /// <summary>
    /// Folders kept in sync with the default collection while the server runs (<c>docent serve --watch</c>): caught up on start,
    /// then every change applied (see <see cref="Docent.Ingestion.FolderWatcher"/>); empty: nothing watched.
    /// </summary>
    public IList<string> WatchFolders { get; set; } = [];

    /// <summary>How long a watched file must be quiet before it is read.</summary>
    public TimeSpan WatchDebounce { get; set; } = Docent.Ingestion.FolderWatcherOptions.DefaultDebounce;

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(Urls);
        if (MaxUploadBytes < 1)
        {
            throw new ArgumentException("The upload limit must be at least one byte.");
        }

        if (AdminKey is { Length: < 16 })
        {
            throw new ArgumentException("The admin key must be at least 16 characters; use a long random secret.");
        }

        if (AnswerCacheEntries < 0)
        {
            throw new ArgumentException("AnswerCacheEntries cannot be negative (0 turns the answer cache off).");
        }

        Audit.Validate();
        if (RequestsPerMinute < 1 || MaxRequestBodyBytes < 1 || MaxQuestionLength < 1 || MaxMessages < 1 || MaxMessageLength < 1 || MaxUploadFiles < 1)
        {
            throw new ArgumentException("RequestsPerMinute, MaxRequestBodyBytes, MaxQuestionLength, MaxMessages, MaxMessageLength and MaxUploadFiles must be at least 1.");
        }

        if (WatchFolders.Count > 0 && RemoteCollections is not null)
        {
            throw new ArgumentException("Watching folders (--watch) is for a data folder served by itself, not for a cluster's collections; run `docent watch` against a shard's source instead.");
        }

        if (WatchDebounce < TimeSpan.Zero || WatchFolders.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("The watch debounce cannot be negative, and a watched folder needs a name.");
        }

        if (CorsOrigins.FirstOrDefault(o => !Uri.TryCreate(o, UriKind.Absolute, out _)) is { } origin)
        {
            throw new ArgumentException($"The CORS origin \"{origin}\" is not an absolute URL such as https://intranet.example.");
        }
    }

    /// <summary>Where a limit is raised, for error messages: "the setting server.maxQuestionLength (DOCENT_SERVER__MAXQUESTIONLENGTH)".</summary>
    public static string SettingHint(string setting) =>
        $"the setting server.{setting} (environment DOCENT_SERVER__{setting.ToUpperInvariant()})";
}
