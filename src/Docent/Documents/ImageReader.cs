using System.Runtime.CompilerServices;
using Docent.Documents.Ocr;

namespace Docent.Documents;

/// <summary>
/// Reads scanned images ("image": PNG, JPEG, TIFF, recognised by their magic bytes) with OCR: each of Tesseract's
/// paragraphs becomes a paragraph block on the image's page (a TIFF's pages are pages), and the read report gets the
/// page count and each page's confidence. When OCR is off the selector skips images with <see cref="UnavailableReason"/>;
/// an image over the pixel or page limits, or one that cannot be decoded, fails naming the reason. Thread-safe.
/// </summary>
public sealed class ImageReader : IDocumentReader
{
    private readonly OcrAvailability _ocr;

    /// <summary>Creates a reader that recognises images as <paramref name="ocr"/> says.</summary>
    public ImageReader(OcrAvailability ocr)
    {
        ArgumentNullException.ThrowIfNull(ocr);
        _ocr = ocr;
    }

    /// <inheritdoc />
    public string Format => "image";

    /// <summary>Why images cannot be read ("OCR is off: …"), or null when they can.</summary>
    public string? UnavailableReason => _ocr.UnavailableReason;

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ImageFrames.SniffFormat(input.Head.Span) is not null;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        if (_ocr.Engine is not { } engine)
        {
            throw new DocumentReadException(input.Path, _ocr.UnavailableReason!);
        }

        byte[] bytes;
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytes = buffer.ToArray();
        }

        IReadOnlyList<OcrPage> pages;
        try
        {
            pages = await engine.RecognizeAsync(new OcrImage(bytes, input.Path), _ocr.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (OcrFailedException ex)
        {
            throw new DocumentReadException(input.Path, ex.Reason, ex);
        }

        input.Report.Pages = pages.Count;
        for (var index = 0; index < pages.Count; index++)
        {
            foreach (var block in OcrBlocks.FromPage(pages[index], index + 1, [], input.Report, _ocr.LowConfidence))
            {
                yield return block;
            }
        }
    }
}
