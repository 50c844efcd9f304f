using Docent.Hosting;

namespace Docent.Server;

/// <summary>How `docent serve` runs: the data folder (its root is the "default" collection), and limits. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class ServerOptions
{
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
    public long MaxUploadBytes { get; set; } = 64L << 20;

    /// <summary>Most files in one upload request.</summary>
    public int MaxUploadFiles { get; set; } = 20;

    /// <summary>The largest upload request body: every file at its limit, plus 1 MiB of multipart framing.</summary>
    public long UploadBodyLimit => (MaxUploadBytes * MaxUploadFiles) + (1L << 20);

    /// <summary>
    /// The admin key (at least 16 characters; null: none): it may do everything, including creating the other keys. With
    /// neither an admin key nor stored keys the server asks for no key and listens on loopback only.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>Requests a minute each key (or, without one, each client address) may make before 429.</summary>
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>Browser origins allowed to call the API cross-origin (e.g. "https://intranet.example"); empty: CORS off.</summary>
    public IList<string> CorsOrigins { get; set; } = [];

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

        if (RequestsPerMinute < 1)
        {
            throw new ArgumentException("RequestsPerMinute must be at least 1.");
        }

        if (CorsOrigins.FirstOrDefault(o => !Uri.TryCreate(o, UriKind.Absolute, out _)) is { } origin)
        {
            throw new ArgumentException($"The CORS origin \"{origin}\" is not an absolute URL such as https://intranet.example.");
        }
    }
}
