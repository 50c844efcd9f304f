using Docent.Chunking;
using Docent.Documents;

namespace Docent.Answering;

/// <summary>
/// One source of an answer: the chunk, and the sentence inside it that supports the claim. Immutable.
/// </summary>
/// <param name="Index">1-based marker number, as written "[n]" in the answer.</param>
/// <param name="ChunkId">The cited chunk.</param>
/// <param name="DocumentId">The chunk's document.</param>
/// <param name="Source">The document's path.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Page">Page of the quote where known.</param>
/// <param name="HeadingPath">The chunk's heading path.</param>
/// <param name="Quote">The quoted sentence, verbatim from the chunk.</param>
/// <param name="QuoteSpan">Where the quote lies in the document's normalised text.</param>
/// <param name="ChunkText">The whole chunk text.</param>
/// <param name="ShownSource">The document's source as API callers see it (<see cref="Storage.DocumentRecord.ShownSource"/>); null: its file name.</param>
public sealed record Citation(
    int Index,
    string ChunkId,
    string DocumentId,
    string Source,
    string Title,
    int? Page,
    IReadOnlyList<string> HeadingPath,
    string Quote,
    TextSpan QuoteSpan,
    string ChunkText,
    string? ShownSource = null)
{
    /// <summary>Where the cited chunk lies on <see cref="Page"/> (<see cref="Chunk.Region"/>); null where unknown.</summary>
    public PageRegion? Region { get; init; }
}
