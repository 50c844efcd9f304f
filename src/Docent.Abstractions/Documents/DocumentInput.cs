namespace Docent.Documents;

/// <summary>
/// A file handed to a reader: where it came from, its first bytes for sniffing, and a way to open it
/// (possibly more than once). Readers report warnings and the title through <see cref="Report"/>.
/// Not thread-safe: one input is read by one reader at a time.
/// </summary>
public sealed class DocumentInput
{
    /// <summary>Creates an input over <paramref name="open"/>.</summary>
    public DocumentInput(string path, long length, ReadOnlyMemory<byte> head, Func<Stream> open)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(open);
        Path = path;
        Length = length;
        Head = head;
        Open = open;
    }

    /// <summary>Full path (or URI) of the source, used in messages and citations.</summary>
    public string Path { get; }

    /// <summary>The extension in lower case with its dot (".pdf"), or "" when there is none.</summary>
    public string Extension => System.IO.Path.GetExtension(Path).ToLowerInvariant();

    /// <summary>Size in bytes.</summary>
    public long Length { get; }

    /// <summary>The first bytes of the content (up to 4 KiB), for content sniffing.</summary>
    public ReadOnlyMemory<byte> Head { get; }

    /// <summary>Opens a fresh read-only stream positioned at the start.</summary>
    public Func<Stream> Open { get; }

    /// <summary>What the reader found out while reading: title and warnings.</summary>
    public DocumentReadReport Report { get; } = new();
}
