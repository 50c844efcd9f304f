using Docent.Documents;

namespace Docent.Chunking;

/// <summary>
/// A retrievable passage of a document with its provenance. <see cref="Text"/> equals the document's
/// normalised text at <see cref="Span"/>. Immutable.
/// </summary>
/// <param name="Id">Stable id: "{DocumentId}:{Ordinal}".</param>
/// <param name="DocumentId">The owning document.</param>
/// <param name="Ordinal">0-based position of the chunk in the document.</param>
/// <param name="Text">The chunk's text.</param>
/// <param name="HeadingPath">Headings the chunk sits under, outermost first.</param>
/// <param name="Page">1-based page of the chunk's first character, where the format has pages.</param>
/// <param name="Span">Where the text lies in the document's normalised text.</param>
/// <param name="TokenCount">Approximate token count used for the budget.</param>
public sealed record Chunk(
    string Id,
    string DocumentId,
    int Ordinal,
    string Text,
    IReadOnlyList<string> HeadingPath,
    int? Page,
    TextSpan Span,
    int TokenCount)
{
    /// <summary>
    /// The language the chunk is written in (ISO 639-1, e.g. "de", or "und" when it could not be told), identified at
    /// ingest and stored with it; null for chunks not yet identified (stored before languages were, or not yet ingested).
    /// </summary>
    public string? Language { get; init; }

    /// <summary>
    /// Where the chunk lies on <see cref="Page"/>: the union of its blocks' regions; null when a block has none (text
    /// formats) or the chunk spans pages.
    /// </summary>
    public PageRegion? Region { get; init; }

    /// <summary>Builds the id of chunk <paramref name="ordinal"/> of <paramref name="documentId"/>.</summary>
    public static string MakeId(string documentId, int ordinal) => $"{documentId}:{ordinal}";
}
