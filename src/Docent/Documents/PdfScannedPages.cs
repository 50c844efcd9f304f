using System.Globalization;
using Docent.Documents.Ocr;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Docent.Documents;

/// <summary>
/// Recognises the PDF pages that have images but no (or a negligible) text layer: the page is rendered with poppler's
/// <c>pdftoppm</c> at the configured resolution (lowered so the page stays under the pixel limit) when it is installed,
/// else its largest image is taken as it is stored (a JPEG as is, anything else through PdfPig's PNG conversion), and
/// the image goes through the OCR engine. Failures become warnings naming the page. Owns a temporary copy of the PDF for
/// pdftoppm; dispose it. Not thread-safe: one per read.
/// </summary>
internal sealed class PdfScannedPages : IAsyncDisposable
{
    /// <summary>Fewer letters than this on a page means it has no real text layer (a stray page number, a scanner's stamp).</summary>
    public const int NegligibleTextLength = 20;

    private static readonly Lazy<string?> Pdftoppm = new(() => TesseractInstallation.FindProgram("pdftoppm"));
    private readonly OcrAvailability _ocr;
    private readonly DocumentInput _input;
    private readonly Stream _pdf;
    private string? _copy;
    private int _recognized;
    private bool _limitReported;

    private readonly string? _pdftoppm;

    /// <summary>Recognises pages of <paramref name="pdf"/>; <paramref name="usePoppler"/> false takes the stored images even where pdftoppm is installed.</summary>
    public PdfScannedPages(OcrAvailability ocr, DocumentInput input, Stream pdf, bool usePoppler = true)
    {
        _ocr = ocr;
        _input = input;
        _pdf = pdf;
        _pdftoppm = usePoppler ? Pdftoppm.Value : null;
    }

    /// <summary>Whether a page with these text lines has only negligible text.</summary>
    public static bool HasNegligibleText(IEnumerable<PdfTextLine> lines) =>
        lines.Sum(line => line.Text.Count(char.IsLetterOrDigit)) < NegligibleTextLength;

    /// <summary>Whether the page holds any image (checked only for pages without text).</summary>
    public static bool HasImages(PdfDocument document, int pageNumber)
    {
        try
        {
            return document.GetPage(pageNumber).GetImages().Any();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The recognised page, or null (with a warning) when it could not be recognised.</summary>
    public async Task<OcrPage?> RecognizeAsync(PdfDocument document, int pageNumber, CancellationToken cancellationToken)
    {
        if (_ocr.Engine is not { } engine)
        {
            return null;
        }

        if (_recognized >= _ocr.Options.MaxPages)
        {
            if (!_limitReported)
            {
                _limitReported = true;
                _input.Report.Warn($"only the first {_ocr.Options.MaxPages} scanned pages were read by OCR (the page limit); page {pageNumber} and later scanned pages were not");
            }

            return null;
        }

        _recognized++;
        try
        {
            var image = _pdftoppm is { } program
                ? await RenderAsync(program, document.GetPage(pageNumber), pageNumber, cancellationToken).ConfigureAwait(false)
                : LargestImage(document.GetPage(pageNumber), pageNumber);
            return image is null ? null : (await engine.RecognizeAsync(image, _ocr.Options, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }
        catch (OcrFailedException ex)
        {
            _input.Report.Warn($"page {pageNumber} could not be read by OCR: {ex.Reason}");
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            File.Delete(_copy);
        }

        return ValueTask.CompletedTask;
    }

    private async Task<OcrImage?> RenderAsync(string program, Page page, int pageNumber, CancellationToken cancellationToken)
    {
        var name = $"{_input.Path} page {pageNumber}";
        var squareInches = Math.Max(page.Width, 1) / 72.0 * (Math.Max(page.Height, 1) / 72.0);
        var dpi = (int)Math.Min(_ocr.Dpi, Math.Floor(Math.Sqrt(_ocr.Options.MaxPixels / squareInches)));
        if (dpi < 50)
        {
            throw new OcrFailedException(name, $"the page is {page.Width / 72:0} × {page.Height / 72:0} inches, too large to render under the pixel limit");
        }

        if (_copy is null)
        {
            _copy = Path.Combine(Path.GetTempPath(), $"docent-ocr-{Guid.NewGuid():N}.pdf");
            _pdf.Position = 0;
            var file = new FileStream(_copy, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await using (file.ConfigureAwait(false))
            {
                await _pdf.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        var number = pageNumber.ToString(CultureInfo.InvariantCulture);
        ToolProcess.Result result;
        try
        {
            result = await ToolProcess.RunAsync(
                program, ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-gray", "-png", _copy],
                ReadOnlyMemory<byte>.Empty, _ocr.Options.PageTimeout, _ocr.Options.MaxPixels * 4, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolProcess.TimedOutException ex)
        {
            throw new OcrFailedException(name, $"rendering the page {ex.Message}");
        }

        if (result.ExitCode != 0 || result.Output.Length == 0)
        {
            throw new OcrFailedException(name, $"pdftoppm could not render the page (exit {result.ExitCode}){(result.Errors.Length > 0 ? ": " + result.Errors.Split('\n')[0] : "")}");
        }

        return new OcrImage(result.Output, name, dpi);
    }

    private OcrImage? LargestImage(Page page, int pageNumber)
    {
        var name = $"{_input.Path} page {pageNumber}";
        var largest = page.GetImages().MaxBy(image => (long)image.WidthInSamples * image.HeightInSamples);
        if (largest is null)
        {
            return null;
        }

        var pixels = (long)largest.WidthInSamples * largest.HeightInSamples;
        if (pixels > _ocr.Options.MaxPixels)
        {
            throw new OcrFailedException(name, $"its image declares {largest.WidthInSamples} × {largest.HeightInSamples} pixels, over the limit of {_ocr.Options.MaxPixels / 1e6:0.#} million");
        }

        var dpi = (int)Math.Round(largest.WidthInSamples / Math.Max(largest.BoundingBox.Width / 72.0, 0.1));
        if (ImageFrames.SniffFormat(largest.RawMemory.Span) == "jpeg")
        {
            return new OcrImage(largest.RawMemory.ToArray(), name, dpi);
        }

        return largest.TryGetPng(out var png)
            ? new OcrImage(png, name, dpi)
            : throw new OcrFailedException(name, "its image is stored in a form that cannot be converted without poppler (apt-get install poppler-utils)");
    }
}
