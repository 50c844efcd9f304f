namespace Docent.Documents;

/// <summary>
/// One structural block a reader produced, in reading order. <see cref="Text"/> is already normalised
/// (Unicode NFC, whitespace runs collapsed to one space except inside <see cref="BlockKind.Code"/>,
/// trimmed, never empty). <see cref="HeadingPath"/> is the path of headings the block sits under; for a
/// heading block it includes the heading itself. Immutable.
/// </summary>
/// <param name="Kind">What the block is.</param>
/// <param name="Text">The block's normalised text.</param>
/// <param name="HeadingPath">Enclosing headings, outermost first.</param>
/// <param name="Page">1-based page number where the format has pages (PDF), otherwise null.</param>
/// <param name="HeadingLevel">1–6 for heading blocks, 0 otherwise.</param>
public sealed record DocumentBlock(
    BlockKind Kind,
    string Text,
    IReadOnlyList<string> HeadingPath,
    int? Page = null,
    int HeadingLevel = 0)
{
    /// <summary>Where the block lies on its page, where the reader knows (OCR); otherwise null.</summary>
    public PageRegion? Region { get; init; }
}
