using System.Runtime.CompilerServices;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Docent.Documents;

/// <summary>
/// Reads Word documents ("docx"): paragraphs in body order, headings from the paragraph style (Title,
/// Heading 1–9, or an outline level), list paragraphs (numbering) as list items and table rows as
/// "cell | cell". Title from the core properties, else the first Title or level-1 heading. Hostile files
/// cannot take the process down: the zip is checked against <see cref="ZipContainerLimits"/> before it is
/// opened and every part is inflated through a counting stream (<see cref="ZipContainerGuard"/>);
/// DocumentFormat.OpenXml only locates the parts, which are then streamed with an <see cref="XmlReader"/>
/// (<see cref="DocxBlockWalker"/>), so nesting of any depth is read iteratively (nested paragraphs are
/// flattened into the outer one) and DTDs are refused. Failures throw <see cref="DocumentReadException"/>
/// with a reason in plain words (<see cref="ZipDocumentParts"/>). Thread-safe.
/// </summary>
public sealed class DocxReader(ZipContainerLimits? limits = null) : IDocumentReader
{
    private readonly ZipContainerLimits _limits = limits ?? ZipContainerLimits.Default;

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
            (stream, var guard) = await ZipDocumentParts.CheckedAsync(stream, input.Path, "DOCX", _limits, cancellationToken).ConfigureAwait(false);
            var partName = "the package";
            using var document = Guarded(input, partName, () => WordprocessingDocument.Open(stream, isEditable: false));
            var main = Guarded(input, partName, () => document.MainDocumentPart)
                ?? throw new DocumentReadException(input.Path, "not a valid DOCX: no main document part (not a Word document?)");
            var styles = Guarded(input, "word/styles.xml", () => ReadStyles(main.StyleDefinitionsPart, guard));
            var title = Guarded(input, "docProps/core.xml", () => TextNormalizer.Normalize(document.PackageProperties.Title));

            partName = main.Uri.OriginalString.TrimStart('/');
            var walker = new DocxBlockWalker(styles, input.Report, cancellationToken);
            using var xml = Guarded(input, partName, () => XmlReader.Create(guard.Limit(main.GetStream(FileMode.Open, FileAccess.Read)), ZipDocumentParts.XmlSettings));
            using var blocks = walker.Walk(xml).GetEnumerator();
            while (Guarded(input, partName, blocks.MoveNext))
            {
                yield return blocks.Current;
            }

            input.Report.Title ??= title.Length > 0 ? title : walker.FirstTitle;
        }
    }

    private static DocxStyleMap ReadStyles(StyleDefinitionsPart? part, ZipContainerGuard guard)
    {
        if (part is null)
        {
            return new DocxStyleMap();
        }

        using var reader = XmlReader.Create(guard.Limit(part.GetStream(FileMode.Open, FileAccess.Read)), ZipDocumentParts.XmlSettings);
        return new DocxStyleMap(reader);
    }

    private static T Guarded<T>(DocumentInput input, string partName, Func<T> step) =>
        ZipDocumentParts.Guarded(input, partName, "DOCX", step);
}
