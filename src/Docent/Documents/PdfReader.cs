using System.Runtime.CompilerServices;
using Docent.Documents.Ocr;
using UglyToad.PdfPig;

namespace Docent.Documents;

/// <summary>
/// Reads PDF ("pdf") with PdfPig: words are grouped into lines and paragraphs, larger short lines become
/// headings, and every block carries its 1-based page number. Running headers, footers and page numbers are
/// dropped (lines repeated at the top or bottom of most pages, see <see cref="PdfRunningLines"/>), so all
/// pages' lines are read before the first block is yielded. Title from the document
/// information. An unreadable file throws <see cref="DocumentReadException"/> ("damaged PDF: …", see
/// <see cref="PdfErrors"/>); a page that fails is reported as a warning. A page with images but no (or negligible) text
/// layer is read by OCR (see <see cref="PdfScannedPages"/>) when it is available, keeping its page number; when it is
/// not, the read warns which pages were not read and why. Text pages never go through OCR. Thread-safe.
/// </summary>
public sealed class PdfReader : IDocumentReader
{
    private readonly OcrAvailability _ocr;

    /// <summary>Creates a reader that OCRs scanned pages with the default OCR settings, when Tesseract is installed.</summary>
    public PdfReader()
        : this(OcrAvailability.For(new OcrSettings()))
    {
    }

    /// <summary>Creates a reader that OCRs scanned pages as <paramref name="ocr"/> says.</summary>
    public PdfReader(OcrAvailability ocr)
    {
        ArgumentNullException.ThrowIfNull(ocr);
        _ocr = ocr;
    }

    /// <inheritdoc />
    public string Format => "pdf";

    /// <summary>Render scanned pages with poppler's pdftoppm when it is installed (tests turn it off to read the stored images).</summary>
    internal bool RenderWithPoppler { get; init; } = true;

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ContentSniffer.IsPdf(input.Head.Span);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(
        DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        var stream = input.Open();
        if (!stream.CanSeek)
        {
            // PdfPig reads the cross-reference table at the end first, so it needs a seekable stream.
            var buffer = new MemoryStream();
            await using (stream.ConfigureAwait(false))
            {
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            buffer.Position = 0;
            stream = buffer;
        }

        await using var ownedStream = stream.ConfigureAwait(false);
        using var document = Open(input, stream);
        input.Report.Pages = document.NumberOfPages;
        var title = TextNormalizer.Normalize(SafeTitle(document));
        if (title.Length > 0)
        {
            input.Report.Title ??= title;
        }

        // Lines of every page first, so that running headers, footers and page numbers (lines repeated at
        // the edges of most pages) can be told apart before the pages are laid out; the lines of a document
        // are its text, small beside the PDF itself.
        var pages = new List<List<PdfTextLine>>(document.NumberOfPages);
        var scanned = new List<int>();
        for (var pageNumber = 1; pageNumber <= document.NumberOfPages; pageNumber++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pages.Add(ReadLines(input, document, pageNumber));
            if (PdfScannedPages.HasNegligibleText(pages[^1]) && PdfScannedPages.HasImages(document, pageNumber))
            {
                scanned.Add(pageNumber);
                pages[^1] = [];
            }
        }

        PdfRunningLines.Remove(pages);
        var layout = new PdfPageLayout(input.Report);
        var headings = new HeadingPathTracker();
        var anyText = false;
        await using var scans = new PdfScannedPages(_ocr, input, stream, RenderWithPoppler);
        for (var index = 0; index < pages.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (scanned.Contains(index + 1) && _ocr.Engine is not null)
            {
                if (await scans.RecognizeAsync(document, index + 1, cancellationToken).ConfigureAwait(false) is { } recognized)
                {
                    foreach (var block in OcrBlocks.FromPage(recognized, index + 1, headings.Current, input.Report, _ocr.LowConfidence))
                    {
                        anyText = true;
                        yield return block;
                    }
                }

                continue;
            }

            foreach (var block in layout.Layout(pages[index], index + 1, headings))
            {
                anyText = true;
                yield return block;
            }
        }

        if (scanned.Count > 0 && _ocr.Engine is null)
        {
            var which = scanned.Count == 1 ? $"page {scanned[0]} has no extractable text (scanned?) and was" : $"{scanned.Count} pages ({PageList(scanned)}) have no extractable text (scanned?) and were";
            input.Report.Warn($"{which} not read: {_ocr.UnavailableReason}");
        }
        else if (!anyText)
        {
            input.Report.Warn("no extractable text (scanned?)");
        }
    }

    private static string PageList(List<int> pages) =>
        pages.Count <= 10 ? string.Join(", ", pages) : string.Join(", ", pages.Take(10)) + ", …";

    private static PdfDocument Open(DocumentInput input, Stream stream)
    {
        try
        {
            return PdfDocument.Open(stream, new ParsingOptions { ClipPaths = false });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DocumentReadException(input.Path, PdfErrors.Reason(ex), ex);
        }
    }

    private static List<PdfTextLine> ReadLines(DocumentInput input, PdfDocument document, int pageNumber)
    {
        try
        {
            return PdfPageLayout.ReadLines(document.GetPage(pageNumber));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            input.Report.Warn($"page {pageNumber} could not be read: {PdfErrors.Reason(ex)}");
            return [];
        }
    }

    private static string? SafeTitle(PdfDocument document)
    {
        try
        {
            return document.Information.Title;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }
}
