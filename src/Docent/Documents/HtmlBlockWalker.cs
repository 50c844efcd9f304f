using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Docent.Documents;

/// <summary>
/// Walks an HTML element tree for <see cref="HtmlReader"/>: text of inline elements accumulates until a
/// block element starts or ends, then it is emitted as a block of the innermost enclosing block's kind
/// (paragraph, list item). Walks with an explicit stack, so nesting depth costs heap, not call stack (the
/// depth is bounded anyway by <see cref="HtmlNestingLimiter"/>). Not thread-safe: one instance per document.
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

    // Classes that documentation generators give a heading's permalink: Sphinx and MkDocs "headerlink",
    // Docusaurus "hash-link", VuePress/VitePress "header-anchor", GitHub and AnchorJS "anchor"/"anchorjs-link".
    private static readonly string[] PermalinkClasses = ["headerlink", "hash-link", "header-anchor", "anchor", "anchorjs-link"];

    private readonly HeadingPathTracker _headings = new();
    private readonly StringBuilder _pending = new();
    private readonly Stack<BlockKind> _kinds = new();

    /// <summary>Emits the blocks under <paramref name="root"/>.</summary>
    public void Walk(IElement root)
    {
        _kinds.Push(BlockKind.Paragraph);

        // An explicit stack instead of recursion: a frame is a node whose children are being visited, and
        // whether leaving it ends a block.
        var frames = new Stack<(INode Node, int Next, bool EndsBlock)>();
        frames.Push((root, 0, false));
        while (frames.Count > 0)
        {
            var (node, next, endsBlock) = frames.Pop();
            var children = node.ChildNodes;
            if (next >= children.Length)
            {
                if (endsBlock)
                {
                    Flush();
                    _kinds.Pop();
                }

                continue;
            }

            frames.Push((node, next + 1, endsBlock));
            var child = children[next];
            if (child is IText text)
            {
                _pending.Append(text.Data);
            }
            else if (child is IElement element && !IsDropped(element) && VisitElement(element) is { } enter)
            {
                frames.Push((element, 0, enter));
            }
        }

        Flush();
    }

    // Handles an element whose content needs no walk and returns null, or returns whether walking into it
    // starts a block (a container) or not (inline).
    private bool? VisitElement(IElement element)
    {
        var tag = element.LocalName;
        switch (tag)
        {
            case "br":
                _pending.Append(' ');
                return null;
            case "hr":
                Flush();
                return null;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                Flush();
                var heading = TextNormalizer.Normalize(TextOf(element));
                if (heading.Length > 0)
                {
                    output.Add(_headings.HeadingBlock(tag[1] - '0', heading));
                }

                return null;
            case "pre":
                Flush();
                Add(BlockKind.Code, TextNormalizer.NormalizeCode(element.TextContent));
                return null;
            case "table":
                Flush();
                VisitTable(element);
                return null;
        }

        if (!ContainerTags.Contains(tag))
        {
            // Inline element (span, a, em, code…): its text joins the pending text; blocks inside it still flush.
            return false;
        }

        Flush();
        _kinds.Push(tag == "li" ? BlockKind.ListItem : BlockKind.Paragraph);
        return true;
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
    // Iterative, like Walk: a frame is a node being read and whether a space follows it.
    private static string TextOf(INode node)
    {
        var builder = new StringBuilder();
        var frames = new Stack<(INode Node, int Next, bool SpaceAfter)>();
        frames.Push((node, 0, false));
        while (frames.Count > 0)
        {
            var (current, next, spaceAfter) = frames.Pop();
            var children = current.ChildNodes;
            if (next >= children.Length)
            {
                if (spaceAfter)
                {
                    builder.Append(' ');
                }

                continue;
            }

            frames.Push((current, next + 1, spaceAfter));
            var child = children[next];
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

                frames.Push((element, 0, isBreak));
            }
        }

        return builder.ToString();
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

        if (tag == "a")
        {
            return IsPermalink(element);
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

    // A permalink mark that a documentation generator puts beside a heading or term ("¶" in Sphinx and MkDocs,
    // "#" in Docusaurus and VitePress, "§", "🔗"): a link whose visible text is at most two symbols (no letter or
    // digit), and that points to an anchor in the page ("#…") or carries a permalink class. A reference such as
    // <a href="#intro">Introduction</a> or a footnote mark <a href="#fn1">1</a> stays.
    private static bool IsPermalink(IElement link)
    {
        var text = link.TextContent.AsSpan().Trim().Trim('\u200B');
        if (text.Length > 2)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        if (link.GetAttribute("href") is { } href && href.StartsWith('#'))
        {
            return true;
        }

        foreach (var name in link.ClassList)
        {
            if (PermalinkClasses.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
