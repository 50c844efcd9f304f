namespace Docent.Documents.Ocr;

/// <summary>One paragraph as Tesseract's layout analysis found it: its lines, its box and the block it belongs to. Immutable.</summary>
/// <param name="Block">The 1-based number of the layout block (a column or text region) holding the paragraph.</param>
/// <param name="Lines">The lines, top to bottom.</param>
/// <param name="Box">The paragraph's box (the union of its words' boxes).</param>
public sealed record OcrParagraph(int Block, IReadOnlyList<OcrLine> Lines, OcrBox Box)
{
    /// <summary>The lines joined by single spaces.</summary>
    public string Text => string.Join(' ', Lines.Select(l => l.Text));

    /// <summary>Every word of the paragraph, in reading order.</summary>
    public IEnumerable<OcrWord> Words => Lines.SelectMany(l => l.Words);
}
