namespace Docent.Ingestion;

/// <summary>
/// What the files inside one container (and everything nested in it) may still use: a count of files and a total of
/// inflated, decoded bytes, from <see cref="IngestOptions"/>. One budget is shared down the nesting, so a zip of zips
/// cannot multiply its allowance. Not thread-safe: one per top-level file.
/// </summary>
internal sealed class ContainerBudget(IngestOptions options)
{
    private int _files;

    /// <summary>Bytes still allowed.</summary>
    public long RemainingBytes { get; private set; } = options.MaxContainedBytes;

    /// <summary>Counts one more file; returns why it is refused once the count is spent, else null.</summary>
    public string? TakeFile() =>
        ++_files > options.MaxContainedFiles
            ? $"not read: the container holds more than {options.MaxContainedFiles:N0} files, the limit for one container (the rest are left out)"
            : null;

    /// <summary>Counts <paramref name="bytes"/> written out of a container.</summary>
    public void TakeBytes(long bytes) => RemainingBytes = Math.Max(0, RemainingBytes - bytes);
}
