namespace Docent.Documents;

/// <summary>
/// Facts a reader learns while it streams a document: the title (when the format has one), warnings that did not
/// stop the read (replaced invalid bytes, repaired mojibake, skipped images…) and the figures of its parse-quality
/// report (pages, tables, pages read by OCR and their confidence). Filled by the reader during enumeration; read by
/// the pipeline afterwards. Not thread-safe.
/// </summary>
public sealed class DocumentReadReport
{
    private readonly List<string> _warnings = [];
    private readonly List<OcrPageConfidence> _ocrPages = [];

    /// <summary>The document's title, when the reader found one.</summary>
    public string? Title { get; set; }

    /// <summary>Format name of the reader that read the document ("markdown", "pdf", …).</summary>
    public string? Format { get; set; }

    /// <summary>Warnings in the order they were raised.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>How many pages (PDF pages, slides, images) the document has, where the format has pages; null otherwise.</summary>
    public int? Pages { get; set; }

    /// <summary>How many tables the reader found (each kept as header-named row sentences).</summary>
    public int Tables { get; private set; }

    /// <summary>How many pages or images were read by OCR rather than from a text layer.</summary>
    public int OcrPages => _ocrPages.Count;

    /// <summary>The mean OCR confidence (0–100, Tesseract's scale) over <see cref="OcrPages"/>; null when no page was OCR'd.</summary>
    public double? OcrMeanConfidence => OcrPages == 0 ? null : _ocrPages.Average(p => p.Confidence);

    /// <summary>Each page read by OCR with its confidence, in the order read.</summary>
    public IReadOnlyList<OcrPageConfidence> OcrPageConfidences => _ocrPages;

    /// <summary>Adds a warning.</summary>
    public void Warn(string warning) => _warnings.Add(warning);

    /// <summary>Counts one table found.</summary>
    public void TableFound() => Tables++;

    /// <summary>Records page <paramref name="page"/> (1-based) as read by OCR with its mean word confidence (0–100).</summary>
    public void PageRecognized(int page, double confidence) =>
        _ocrPages.Add(new OcrPageConfidence(page, Math.Round(Math.Clamp(confidence, 0, 100), 1)));
}
