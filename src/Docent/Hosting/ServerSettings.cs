namespace Docent.Hosting;

/// <summary>
/// The limits of `docent serve`, from the data folder's settings.json ("server": { … }), <c>DOCENT_SERVER__*</c>
/// environment variables or <c>--set server.x=…</c>; only the served data folder's own settings count, not a collection's.
/// Plain options bound from configuration; call <see cref="Validate"/> before use.
/// </summary>
public sealed class ServerSettings
{
    /// <summary>Default of <see cref="RequestsPerMinute"/>.</summary>
    public const int DefaultRequestsPerMinute = 120;

    /// <summary>Default of <see cref="MaxRequestBodyBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 1L << 20;

    /// <summary>Default of <see cref="MaxQuestionLength"/>.</summary>
    public const int DefaultMaxQuestionLength = 4_000;

    /// <summary>Default of <see cref="MaxMessages"/>.</summary>
    public const int DefaultMaxMessages = 100;

    /// <summary>Default of <see cref="MaxMessageLength"/>.</summary>
    public const int DefaultMaxMessageLength = 8_000;

    /// <summary>Default of <see cref="MaxUploadBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxUploadBytes = 64L << 20;

    /// <summary>Default of <see cref="MaxUploadFiles"/>.</summary>
    public const int DefaultMaxUploadFiles = 20;

    /// <summary>Default of <see cref="AnswerCacheEntries"/>.</summary>
    public const int DefaultAnswerCacheEntries = Asking.AnswerCache.DefaultMaxEntries;

    /// <summary>
    /// Most answers the server keeps to serve repeated one-off questions (shared by its collections, least recently used
    /// dropped first; see <see cref="Asking.CachingAskPipeline"/>); 0 turns the answer cache off.
    /// </summary>
    public int AnswerCacheEntries { get; set; } = DefaultAnswerCacheEntries;

    /// <summary>Requests a minute each key (or, without one, each client address) may make before 429.</summary>
    public int RequestsPerMinute { get; set; } = DefaultRequestsPerMinute;

    /// <summary>The largest request body of every endpoint but uploads, in bytes (413 above it).</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>The longest question or search query, in characters (400 above it).</summary>
    public int MaxQuestionLength { get; set; } = DefaultMaxQuestionLength;

    /// <summary>Most messages in one chat-completions request (400 above it).</summary>
    public int MaxMessages { get; set; } = DefaultMaxMessages;

    /// <summary>The longest earlier chat message, in characters (400 above it; the last question has <see cref="MaxQuestionLength"/>).</summary>
    public int MaxMessageLength { get; set; } = DefaultMaxMessageLength;

    /// <summary>The largest uploaded file, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>Most files in one upload request.</summary>
    public int MaxUploadFiles { get; set; } = DefaultMaxUploadFiles;

    /// <summary>
    /// Whether the server logs one line per HTTP request (method, path without its query, status, milliseconds; never a body,
    /// a query string or a key) at Information, category <c>Docent.Server.RequestLog</c>, event 4032; off by default.
    /// </summary>
    public bool RequestLog { get; set; }

    /// <summary>
    /// Whether an OpenAI client's housekeeping request (Open WebUI's "### Task:" prompts that ask for a chat title, tags or
    /// follow-up questions) goes straight to the collection's chat model, unanswered from the documents. Off (the default),
    /// or on without a chat model, such a request gets a 400 saying why.
    /// </summary>
    public bool UtilityModel { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Positive(RequestsPerMinute, "requestsPerMinute");
        Positive(MaxRequestBodyBytes, "maxRequestBodyBytes");
        Positive(MaxQuestionLength, "maxQuestionLength");
        Positive(MaxMessages, "maxMessages");
        Positive(MaxMessageLength, "maxMessageLength");
        Positive(MaxUploadBytes, "maxUploadBytes");
        Positive(MaxUploadFiles, "maxUploadFiles");
        if (AnswerCacheEntries is < 0 or > 1_000_000)
        {
            throw new ArgumentException($"server.answerCacheEntries is {AnswerCacheEntries}; it must be between 0 (off) and 1000000.");
        }
    }

    private static void Positive(long value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentException($"server.{name} is {value}; it must be at least 1.");
        }
    }
}
