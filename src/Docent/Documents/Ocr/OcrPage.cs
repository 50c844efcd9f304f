namespace Docent.Documents.Ocr;

/// <summary>
/// The recognised text of one image frame: its paragraphs in reading order, the frame's size in pixels and the mean
/// word confidence (0–100; 0 when no word was found). Immutable.
/// </summary>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="Paragraphs">The paragraphs, in reading order.</param>
/// <param name="MeanConfidence">The mean confidence of the recognised words, 0–100.</param>
public sealed record OcrPage(int Width, int Height, IReadOnlyList<OcrParagraph> Paragraphs, double MeanConfidence)
{
    /// <summary>Every word on the page, in reading order.</summary>
    public IEnumerable<OcrWord> Words => Paragraphs.SelectMany(p => p.Words);

    /// <summary>The paragraphs' text joined by blank lines.</summary>
    public string Text => string.Join("\n\n", Paragraphs.Select(p => p.Text));
}
