using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Docent.Documents;

/// <summary>
/// Reads HTML ("html") with AngleSharp: h1–h6 become headings (with their path), p/li/pre/table rows/
/// blockquote become blocks, and loose text in div, section and the like becomes paragraphs. Scripts,
/// styles, SVG, templates, forms' controls and page chrome (nav, page-level header/footer) are dropped.
/// Title: &lt;title&gt;, else the first h1. The encoding comes from the BOM or meta charset. Thread-safe.
/// </summary>
public sealed class HtmlReader : IDocumentReader
{
    /// <inheritdoc />
    public string Format => "html";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var head = input.Head.Span;
        return ContentSniffer.LooksLikeText(head)
            && (ContentSniffer.LooksLikeHtml(head) || ContentSniffer.HtmlExtensions.Contains(input.Extension));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(
        DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        IHtmlDocument document;
        await using (var stream = input.Open())
        {
            document = await new HtmlParser().ParseDocumentAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var blocks = new List<DocumentBlock>();
        using (document)
        {
            if ((document.Body ?? document.DocumentElement) is { } root)
            {
                new HtmlBlockWalker(blocks).Walk(root);
            }

            var title = TextNormalizer.Normalize(document.Title);
            input.Report.Title ??= title.Length > 0
                ? title
                : blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.HeadingLevel == 1)?.Text;
        }

        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return block;
        }
    }
}
