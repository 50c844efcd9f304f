namespace Docent.Documents;

/// <summary>Thrown by a reader when the content is not readable (corrupt, truncated, not what it claims).</summary>
public sealed class DocumentReadException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a user-facing reason.</summary>
    public DocumentReadException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The input's path.</summary>
    public string Path { get; }

    /// <summary>Why it could not be read, phrased for the user.</summary>
    public string Reason { get; }
}
