using System.Runtime.CompilerServices;
using DocumentFormat.OpenXml.Packaging;

namespace Docent.Documents;

/// <summary>
/// Reads Word documents ("docx") with DocumentFormat.OpenXml: paragraphs in body order, headings from the
/// paragraph style (Title, Heading 1–9, or an outline level), list paragraphs (numbering) as list items and
/// table rows as "cell | cell". Title from the core properties, else the first Title or level-1 heading. A
/// file that is not a Word package throws <see cref="DocumentReadException"/> ("not a valid DOCX: …").
/// Thread-safe.
/// </summary>
public sealed class DocxReader : IDocumentReader
{
    /// <inheritdoc />
    public string Format => "docx";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ContentSniffer.IsZip(input.Head.Span) && ContentSniffer.DocxExtensions.Contains(input.Extension);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(
        DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            if (!stream.CanSeek)
            {
                // A zip's directory sits at its end: the package needs a seekable stream.
                var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                buffer.Position = 0;
                stream = buffer;
            }

            var blocks = ReadBlocks(input, stream, cancellationToken);
            foreach (var block in blocks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return block;
            }
        }
    }

    private static List<DocumentBlock> ReadBlocks(DocumentInput input, Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentReadException(input.Path, "not a valid DOCX: no main document part (not a Word document?)");
            var styles = new DocxStyleMap(document.MainDocumentPart.StyleDefinitionsPart?.Styles);
            var walker = new DocxBlockWalker(styles, cancellationToken);
            walker.Walk(body);

            var title = TextNormalizer.Normalize(document.PackageProperties.Title);
            input.Report.Title ??= title.Length > 0 ? title : walker.FirstTitle;
            return walker.Blocks;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or DocumentReadException))
        {
            throw new DocumentReadException(input.Path, $"not a valid DOCX: {ex.Message}", ex);
        }
    }
}
