namespace Docent.Documents.Ocr;

/// <summary>
/// The OCR settings ("ocr": { … } in settings.json, <c>DOCENT_OCR__*</c>, <c>--set ocr.x=…</c>): whether scanned PDF
/// pages and images are read at all, the Tesseract languages, the resolution scanned PDF pages are rendered at, which
/// engine, and the limits. Plain options bound from configuration; call <see cref="Validate"/> before use.
/// </summary>
public sealed class OcrSettings
{
    /// <summary>Default of <see cref="Dpi"/>.</summary>
    public const int DefaultDpi = 300;

    /// <summary>Default of <see cref="LowConfidence"/>.</summary>
    public const double DefaultLowConfidence = 60;

    /// <summary>Read scanned PDF pages and images with OCR (when Tesseract is installed).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tesseract language codes joined by '+' ("eng", "eng+deu"); each needs its tesseract-ocr-LANG package.</summary>
    public string Languages { get; set; } = OcrOptions.DefaultLanguages;

    /// <summary>The resolution a scanned PDF page is rendered at before OCR (72–600).</summary>
    public int Dpi { get; set; } = DefaultDpi;

    /// <summary>auto (the program when installed, for isolation; else the library), process or native.</summary>
    public OcrEngineKind Engine { get; set; } = OcrEngineKind.Auto;

    /// <summary>The longest one page may take to recognise, in seconds.</summary>
    public int PageTimeoutSeconds { get; set; } = (int)OcrOptions.DefaultPageTimeout.TotalSeconds;

    /// <summary>The most pixels one image or page may have (larger images are refused as possible decompression bombs).</summary>
    public long MaxPixels { get; set; } = OcrOptions.DefaultMaxPixels;

    /// <summary>The most pages of one TIFF, or of one PDF, that are recognised.</summary>
    public int MaxPages { get; set; } = OcrOptions.DefaultMaxPages;

    /// <summary>A page whose mean word confidence (0–100) is below this is ingested with a warning.</summary>
    public double LowConfidence { get; set; } = DefaultLowConfidence;

    /// <summary>The engine options these settings give.</summary>
    public OcrOptions ToOptions() => new()
    {
        Languages = Languages,
        PageTimeout = TimeSpan.FromSeconds(PageTimeoutSeconds),
        MaxPixels = MaxPixels,
        MaxPages = MaxPages,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Dpi is < 72 or > 600)
        {
            throw new ArgumentException($"ocr.dpi is {Dpi}; it must be between 72 and 600.");
        }

        if (PageTimeoutSeconds < 1 || MaxPixels < 1 || MaxPages < 1)
        {
            throw new ArgumentException(
                $"ocr.pageTimeoutSeconds, ocr.maxPixels and ocr.maxPages must be at least 1 (they are {PageTimeoutSeconds}, {MaxPixels} and {MaxPages}).");
        }

        if (double.IsNaN(LowConfidence) || LowConfidence is < 0 or > 100)
        {
            throw new ArgumentException($"ocr.lowConfidence is {LowConfidence}; it must be between 0 and 100.");
        }

        ToOptions().Validate();
    }
}
