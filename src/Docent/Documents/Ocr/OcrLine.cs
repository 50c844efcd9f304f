namespace Docent.Documents.Ocr;

/// <summary>One recognised text line: its words in reading order and their bounding box. Immutable.</summary>
/// <param name="Words">The words, left to right.</param>
/// <param name="Box">The line's box.</param>
public sealed record OcrLine(IReadOnlyList<OcrWord> Words, OcrBox Box)
{
    /// <summary>The words joined by single spaces.</summary>
    public string Text => string.Join(' ', Words.Select(w => w.Text));
}
