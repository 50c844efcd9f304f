namespace Docent.Retrieval;

/// <summary>
/// What the lexical index sees of one chunk: its key and its three fields. Title and headings are
/// weighted above the body at query time.
/// </summary>
/// <param name="Key">The chunk's numeric key in the store.</param>
/// <param name="Title">The document title.</param>
/// <param name="Headings">The chunk's heading path joined by " / ".</param>
/// <param name="Body">The chunk text.</param>
public sealed record LexicalDocument(long Key, string Title, string Headings, string Body)
{
    /// <summary>The chunk's language (ISO 639-1, or "und"); null when not stored, and the index identifies it.</summary>
    public string? Language { get; init; }
}
