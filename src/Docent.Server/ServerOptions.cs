using Docent.Hosting;

namespace Docent.Server;

/// <summary>How `docent serve` runs: the data folder (its root is the "default" collection), and limits. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class ServerOptions
{
    /// <summary>The URL the server listens on when none is given: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5217";

    /// <summary>The data folder: the default collection lives in it, others in its collections/ folder.</summary>
    public string DataDirectory { get; set; } = DocentOptions.DefaultDataDirectory;

    /// <summary>Where to listen (semicolon-separated URLs).</summary>
    public string Urls { get; set; } = DefaultUrl;

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 64L << 20;

    /// <summary>Most files in one upload request.</summary>
    public int MaxUploadFiles { get; set; } = 20;

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(Urls);
        if (MaxUploadBytes < 1)
        {
            throw new ArgumentException("The upload limit must be at least one byte.");
        }
    }
}
