using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Docent.Documents;

/// <summary>
/// Walks an HTML element tree for <see cref="HtmlReader"/>: text of inline elements accumulates until a
/// block element starts or ends, then it is emitted as a block of the innermost enclosing block's kind
/// (paragraph, list item). Not thread-safe: one instance per document.
/// </summary>
internal sealed class HtmlBlockWalker(List<DocumentBlock> output)
{
    private static readonly HashSet<string> DroppedTags =
    [
        "script", "style", "noscript", "template", "svg", "nav", "iframe", "object", "embed", "canvas",
        "button", "select", "input", "textarea", "head", "title", "meta", "link",
    ];

    private static readonly HashSet<string> ContainerTags =
    [
        "div", "section", "article", "main", "body", "html", "aside", "header", "footer", "figure", "figcaption",
        "blockquote", "form", "fieldset", "details", "summary", "dl", "dt", "dd", "ul", "ol", "menu", "address",
        "center", "caption", "legend", "hgroup", "search", "p", "li",
    ];

    private readonly HeadingPathTracker _headings = new();
    private readonly StringBuilder _pending = new();
    private readonly Stack<BlockKind> _kinds = new();

    /// <summary>Emits the blocks under <paramref name="root"/>.</summary>
    public void Walk(IElement root)
    {
        _kinds.Push(BlockKind.Paragraph);
        WalkChildren(root);
        Flush();
    }

    private void WalkChildren(INode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                _pending.Append(text.Data);
            }
            else if (child is IElement element && !IsDropped(element))
            {
                VisitElement(element);
            }
        }
    }

    private void VisitElement(IElement element)
    {
        var tag = element.LocalName;
        switch (tag)
        {
            case "br":
                _pending.Append(' ');
                return;
            case "hr":
                Flush();
                return;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                Flush();
                var heading = TextNormalizer.Normalize(TextOf(element));
                if (heading.Length > 0)
                {
                    output.Add(_headings.HeadingBlock(tag[1] - '0', heading));
                }

                return;
            case "pre":
                Flush();
                Add(BlockKind.Code, TextNormalizer.NormalizeCode(element.TextContent));
                return;
            case "table":
                Flush();
                VisitTable(element);
                return;
        }

        if (!ContainerTags.Contains(tag))
        {
            // Inline element (span, a, em, code…): its text joins the pending text; blocks inside it still flush.
            WalkChildren(element);
            return;
        }

        Flush();
        _kinds.Push(tag == "li" ? BlockKind.ListItem : BlockKind.Paragraph);
        WalkChildren(element);
        Flush();
        _kinds.Pop();
    }

    private void VisitTable(IElement table)
    {
        if (table is not IHtmlTableElement htmlTable)
        {
            return;
        }

        var caption = TextNormalizer.Normalize(htmlTable.Caption is { } c ? TextOf(c) : null);
        Add(BlockKind.Paragraph, caption);
        foreach (var row in htmlTable.Rows)
        {
            var cells = row.Cells.Select(cell => TextNormalizer.Normalize(TextOf(cell))).ToList();
            if (cells.Exists(cell => cell.Length > 0))
            {
                Add(BlockKind.TableRow, string.Join(" | ", cells));
            }
        }
    }

    private void Flush()
    {
        var text = TextNormalizer.Normalize(_pending.ToString());
        _pending.Clear();
        Add(_kinds.Count > 0 ? _kinds.Peek() : BlockKind.Paragraph, text);
    }

    private void Add(BlockKind kind, string text)
    {
        if (text.Length > 0)
        {
            output.Add(_headings.Block(kind, text));
        }
    }

    // Visible text of an element: dropped elements skipped, line breaks and block boundaries as spaces.
    private static string TextOf(INode node)
    {
        var builder = new StringBuilder();
        AppendText(node, builder);
        return builder.ToString();
    }

    private static void AppendText(INode node, StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                builder.Append(text.Data);
            }
            else if (child is IElement element && !IsDropped(element))
            {
                var isBreak = element.LocalName is "br" || ContainerTags.Contains(element.LocalName);
                if (isBreak)
                {
                    builder.Append(' ');
                }

                AppendText(element, builder);
                if (isBreak)
                {
                    builder.Append(' ');
                }
            }
        }
    }

    // Non-content elements, hidden elements and page chrome: navigation, and a header or footer that belongs
    // to the page rather than to an article (a page-level header that holds the h1 is kept).
    private static bool IsDropped(IElement element)
    {
        var tag = element.LocalName;
        if (DroppedTags.Contains(tag) || element.HasAttribute("hidden")
            || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase)
            || string.Equals(element.GetAttribute("role"), "navigation", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (tag is not ("header" or "footer"))
        {
            return false;
        }

        for (var ancestor = element.ParentElement; ancestor is not null; ancestor = ancestor.ParentElement)
        {
            if (ancestor.LocalName is "article" or "main" or "section")
            {
                return false;
            }
        }

        return tag == "footer" || element.QuerySelector("h1") is null;
    }
}
