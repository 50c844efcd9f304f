namespace Docent.Documents.Ocr;

/// <summary>
/// How an <see cref="IOcrEngine"/> recognises an image and the limits it keeps: the Tesseract languages, the time one
/// page may take (the recogniser is stopped past it), the most pixels a frame may declare (a decompression bomb is
/// refused before it is decoded) and the most frames one image may have. Plain options; call <see cref="Validate"/>.
/// </summary>
public sealed class OcrOptions
{
    /// <summary>Default of <see cref="Languages"/>.</summary>
    public const string DefaultLanguages = "eng";

    /// <summary>Default of <see cref="MaxPixels"/>: 60 million, an A3 page at 400 dpi.</summary>
    public const long DefaultMaxPixels = 60_000_000;

    /// <summary>Default of <see cref="MaxPages"/>.</summary>
    public const int DefaultMaxPages = 200;

    /// <summary>Default of <see cref="PageTimeout"/>.</summary>
    public static readonly TimeSpan DefaultPageTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Tesseract language codes joined by '+', e.g. "eng" or "eng+deu".</summary>
    public string Languages { get; set; } = DefaultLanguages;

    /// <summary>The longest one page (frame) may take to recognise.</summary>
    public TimeSpan PageTimeout { get; set; } = DefaultPageTimeout;

    /// <summary>The most pixels (width × height) one frame may declare.</summary>
    public long MaxPixels { get; set; } = DefaultMaxPixels;

    /// <summary>The most frames (TIFF pages) of one image, and the most pages of one PDF that are recognised.</summary>
    public int MaxPages { get; set; } = DefaultMaxPages;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (!OcrLanguages.IsValid(Languages))
        {
            throw new ArgumentException($"ocr.languages is \"{Languages}\"; it must be Tesseract language codes joined by '+', such as \"eng\" or \"eng+deu\".");
        }

        if (PageTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the OCR page time limit is {PageTimeout}; it must be positive.");
        }

        if (MaxPixels < 1 || MaxPages < 1)
        {
            throw new ArgumentException($"the OCR limits must be at least 1 (max pixels {MaxPixels}, max pages {MaxPages}).");
        }
    }
}
