using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Docent.Documents;

/// <summary>
/// Reads HTML ("html") with AngleSharp: h1–h6 become headings (with their path), p/li/pre/table rows/
/// blockquote become blocks, and loose text in div, section and the like becomes paragraphs. Scripts,
/// styles, SVG, templates, forms' controls, page chrome (nav, page-level header/footer) and documentation
/// generators' permalink marks (a "¶" or "#" link beside a heading) are dropped.
/// Title: &lt;title&gt;, else the first h1. The encoding comes from the BOM or meta charset (UTF-16 without
/// a BOM is recognised and transcoded first). Deep nesting is flattened, not refused: elements nested deeper
/// than <see cref="HtmlNestingLimiter.MaxDepth"/> levels lose their tags before parsing (their text is kept,
/// with a warning), and the tree is walked without recursion. Thread-safe.
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
        byte[] html;
        await using (var stream = input.Open())
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            html = buffer.ToArray();
        }

        if (Utf16Of(html) is var (utf16, bomLength))
        {
            // The nesting limiter reads ASCII-compatible bytes, and AngleSharp would take UTF-16 without a BOM
            // for Windows-1252; UTF-8 with a BOM is read as what it is.
            html = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(utf16.GetString(html, bomLength, html.Length - bomLength))];
        }

        html = HtmlNestingLimiter.Limit(html, HtmlNestingLimiter.MaxDepth, out var removedTags);
        if (removedTags > 0)
        {
            input.Report.Warn(
                $"HTML nested deeper than {HtmlNestingLimiter.MaxDepth} levels: {removedTags} deeper tags ignored (their text is kept)");
        }

        IHtmlDocument document;
        using (var stream = new MemoryStream(html, writable: false))
        {
            document = await new HtmlParser().ParseDocumentAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var blocks = new List<DocumentBlock>();
        using (document)
        {
            if ((document.Body ?? document.DocumentElement) is { } root)
            {
                new HtmlBlockWalker(blocks, input.Report).Walk(root);
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

    private static (Encoding Encoding, int BomLength)? Utf16Of(byte[] html)
    {
        var head = html.AsSpan(0, Math.Min(html.Length, 4096));
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        return ContentSniffer.DetectUtf16WithoutBom(head) is { } encoding ? (encoding, 0) : null;
    }
}
