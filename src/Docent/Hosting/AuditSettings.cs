using Docent.Asking;
using Microsoft.Extensions.Logging;

namespace Docent.Hosting;

/// <summary>
/// The audit log of questions ("audit": { "path": …, "maxFileMb": 10, "keepFiles": 5 }): off until a path is set; a
/// relative path is taken from the data folder. Plain options; call <see cref="Validate"/> before use.
/// </summary>
public sealed class AuditSettings
{
    /// <summary>The JSON-lines file questions are recorded in (e.g. "audit.jsonl"); null or empty: no audit log.</summary>
    public string? Path { get; set; }

    /// <summary>The size in MiB at which the file is rotated.</summary>
    public int MaxFileMb { get; set; } = (int)(AskAuditLog.DefaultMaxFileBytes >> 20);

    /// <summary>How many rotated files are kept beside the current one.</summary>
    public int KeepFiles { get; set; } = AskAuditLog.DefaultKeepFiles;

    /// <summary>Whether a path is set.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Path);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxFileMb is < 1 or > 10_240)
        {
            throw new ArgumentException($"audit.maxFileMb is {MaxFileMb}; it must be between 1 and 10240.");
        }

        if (KeepFiles is < 1 or > 1_000)
        {
            throw new ArgumentException($"audit.keepFiles is {KeepFiles}; it must be between 1 and 1000.");
        }
    }

    /// <summary>The log these settings ask for, its path taken from <paramref name="dataDirectory"/> when relative; null when off.</summary>
    public AskAuditLog? Open(string dataDirectory, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (!IsEnabled)
        {
            return null;
        }

        Validate();
        return new AskAuditLog(
            System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), Path!), (long)MaxFileMb << 20, KeepFiles, loggerFactory?.CreateLogger<AskAuditLog>());
    }
}
