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
/// <param name="DisplaySource">
/// The source as shown to API callers, never an absolute path: the path relative to the folder it was ingested from
/// ("handbook/leave.md"), or an upload's original file name. Null for documents stored before it was kept.
/// </param>
/// <param name="Quality">The parse-quality report; null for documents stored before it was kept.</param>
/// <param name="ParentId">
/// For a file inside another (an archive's entry, an e-mail's attachment, a mailbox's message): the id of the document that
/// holds it, whose removal removes it too. Null for a file ingested on its own.
/// </param>
/// <param name="Access">
/// The principals who may read it ("group:hr", "user:alice"); null or empty: every caller (see
/// <see cref="Docent.Access.AccessScope.CanRead"/>).
/// </param>
public sealed record DocumentRecord(
    string Id,
    string Source,
    string Title,
    string Format,
    string ContentHash,
    long Length,
    int ChunkCount,
    DateTimeOffset IngestedAt,
    IReadOnlyList<string> Warnings,
    string? DisplaySource = null,
    DocumentQuality? Quality = null,
    string? ParentId = null,
    IReadOnlyList<string>? Access = null)
{
    /// <summary>The access list, empty when every caller may read the document.</summary>
    public IReadOnlyList<string> AccessList => Access ?? [];

    /// <summary>The display source, or the file name for documents stored without one: what API callers see.</summary>
    public string ShownSource => DisplaySource ?? System.IO.Path.GetFileName(Source);
}
