namespace Docent.Documents;

/// <summary>
/// Turns one file format into a stream of <see cref="DocumentBlock"/>s. Implementations are stateless and
/// thread-safe. A reader throws <see cref="DocumentReadException"/> for content it cannot read.
/// </summary>
public interface IDocumentReader
{
    /// <summary>Short format name, e.g. "pdf".</summary>
    string Format { get; }

    /// <summary>Whether this reader recognises the content, judged by its first bytes and extension.</summary>
    bool CanRead(DocumentInput input);

    /// <summary>Reads the blocks of <paramref name="input"/> in order, streaming where the format allows.</summary>
    IAsyncEnumerable<DocumentBlock> ReadAsync(DocumentInput input, CancellationToken cancellationToken = default);
}
