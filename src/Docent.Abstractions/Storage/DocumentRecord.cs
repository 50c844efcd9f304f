namespace Docent.Storage;

/// <summary>A document as the store knows it. Immutable.</summary>
/// <param name="Id">Stable id derived from the source path.</param>
/// <param name="Source">The full path (or URI) it was read from.</param>
/// <param name="Title">Title from the document, or the file name.</param>
/// <param name="Format">The reader's format name.</param>
/// <param name="ContentHash">SHA-256 of the raw bytes, hex.</param>
/// <param name="Length">Size of the raw content in bytes.</param>
/// <param name="ChunkCount">How many chunks it has.</param>
/// <param name="IngestedAt">When it was (re)ingested.</param>
/// <param name="Warnings">Warnings raised while reading it.</param>
public sealed record DocumentRecord(
    string Id,
    string Source,
    string Title,
    string Format,
    string ContentHash,
    long Length,
    int ChunkCount,
    DateTimeOffset IngestedAt,
    IReadOnlyList<string> Warnings);
