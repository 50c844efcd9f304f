namespace Docent.Documents;

/// <summary>
/// A reader for a format that holds other files: a zip or tar archive, an e-mail with attachments, a mailbox of messages.
/// Besides its own blocks (an e-mail's headers and body; nothing for an archive) it lists the files inside, and the
/// ingestion pipeline stores each as a document of its own, named "container/inner/path" and removed with its container.
/// </summary>
public interface IContainerReader : IDocumentReader
{
    /// <summary>
    /// The files inside <paramref name="input"/>, in the container's order. Each item is valid only until the next is
    /// requested (a forward-only archive moves on), so a consumer copies it out before asking for more. Limits on what the
    /// container may hold (entries, inflated bytes, ratios) are the reader's; a breach throws <see cref="DocumentReadException"/>.
    /// </summary>
    IAsyncEnumerable<ContainedFile> ReadContainedAsync(DocumentInput input, CancellationToken cancellationToken = default);
}

/// <summary>One file inside a container, as <see cref="IContainerReader.ReadContainedAsync"/> lists it. Immutable.</summary>
/// <param name="Name">Its path inside the container with '/' separators, as the container names it (cleaned by the consumer).</param>
/// <param name="CopyToAsync">Writes the file's bytes (inflated, decoded) to the given stream.</param>
public sealed record ContainedFile(string Name, Func<Stream, CancellationToken, Task> CopyToAsync);
