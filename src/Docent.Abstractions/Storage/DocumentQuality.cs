namespace Docent.Storage;

/// <summary>
/// How well a document was read, so a user can see which documents came out badly: its pages, how much text each
/// gave, how many headings and tables were found, and how many pages had to be read by OCR and with what
/// confidence. Warnings (encrypted, image-only, replaced bytes…) stay in <see cref="DocumentRecord.Warnings"/>. Immutable.
/// </summary>
/// <param name="Pages">Pages, slides or images, where the format has pages; null otherwise.</param>
/// <param name="Characters">Characters of text read (the normalised text, without the separators between blocks).</param>
/// <param name="Headings">Headings found.</param>
/// <param name="Tables">Tables found.</param>
/// <param name="OcrPages">Pages or images read by OCR.</param>
/// <param name="OcrMeanConfidence">Mean OCR confidence (0–100) over those pages; null when none was OCR'd.</param>
/// <param name="OcrPageConfidences">Each OCR'd page with its own confidence; null when none was OCR'd.</param>
/// <param name="Pii">What the personal-data step redacted or found; null when it was off (and for documents stored before it ran).</param>
public sealed record DocumentQuality(
    int? Pages,
    long Characters,
    int Headings,
    int Tables,
    int OcrPages = 0,
    double? OcrMeanConfidence = null,
    IReadOnlyList<Docent.Documents.OcrPageConfidence>? OcrPageConfidences = null,
    PiiRecord? Pii = null)
{
    /// <summary>Characters per page, where the document has pages: a scanned page read without OCR shows as near 0.</summary>
    public double? CharactersPerPage => Pages is > 0 ? Characters / (double)Pages.Value : null;
}
