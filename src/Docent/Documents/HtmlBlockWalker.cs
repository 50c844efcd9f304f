using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Docent.Documents;

/// <summary>
/// Walks an HTML element tree for <see cref="HtmlReader"/>: text of inline elements accumulates until a
/// block element starts or ends, then it is emitted as a block of the innermost enclosing block's kind
/// (paragraph, list item). Walks with an explicit stack, so nesting depth costs heap, not call stack (the
/// depth is bounded anyway by <see cref="HtmlNestingLimiter"/>). A data table's rows become header-named sentences
/// (<see cref="DocumentTableWriter"/>: the header from &lt;thead&gt;, else leading rows of &lt;th&gt;, else the first row;
/// colspan and rowspan repeat the merged value); a table of row headers only keeps its cells joined; a layout table
/// (one column, or one that holds other tables) is walked as ordinary content, so the tables inside it are read as
/// tables. Elements hidden by their inline style (<see cref="HtmlHiddenStyle"/>: display:none, white on white…) are left
/// out like hidden ones, and counted for one warning (<see cref="HiddenTextTally"/>). Not thread-safe: one instance per document.
/// </summary>
internal sealed class HtmlBlockWalker(List<DocumentBlock> output, DocumentReadReport report)
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

        // Reached only inside a layout table, which is walked as content (data tables are read as rows).
        "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    ];

    // Classes that documentation generators give a heading's permalink: Sphinx and MkDocs "headerlink",
    // Docusaurus "hash-link", VuePress/VitePress "header-anchor", GitHub and AnchorJS "anchor"/"anchorjs-link".
    private static readonly string[] PermalinkClasses = ["headerlink", "hash-link", "header-anchor", "anchor", "anchorjs-link"];

    private readonly HeadingPathTracker _headings = new();
    private readonly StringBuilder _pending = new();
    private readonly Stack<BlockKind> _kinds = new();
    private readonly HiddenTextTally _hidden = new();

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
        _hidden.Report(report);
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
            case "table" when element is IHtmlTableElement table && !IsLayoutTable(table):
                Flush();
                VisitTable(table);
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

    // A table used to place things rather than hold data: one column, or tables inside it.
    private static bool IsLayoutTable(IHtmlTableElement table) =>
        table.Rows.All(row => row.Cells.Length <= 1) || table.QuerySelector("table") is not null;

    private void VisitTable(IHtmlTableElement table)
    {
        var caption = TextNormalizer.Normalize(table.Caption is { } c ? TextOf(c) : null);
        Add(BlockKind.Paragraph, caption);
        var rows = table.Rows.ToList();
        bool hasHead = rows.Exists(row => row.ParentElement?.LocalName == "thead");
        bool leadingHeaderCells = !hasHead && rows.Count > 0 && rows[0].Cells.All(cell => cell.LocalName == "th");

        // Row headers only (each row starts with a <th>, the first row is not all <th>): no header row to name columns.
        bool rowHeadersOnly = !hasHead && !leadingHeaderCells && rows.Count > 1
            && rows.TrueForAll(row => row.Cells.Length > 0 && row.Cells[0].LocalName == "th");
        var writer = new DocumentTableWriter(output, _headings, report) { Headerless = rowHeadersOnly };
        bool inHeader = leadingHeaderCells;
        foreach (var row in rows)
        {
            inHeader &= row.Cells.All(cell => cell.LocalName == "th");
            bool isHeader = hasHead ? row.ParentElement?.LocalName == "thead" : inHeader;
            if (IsDropped(row))
            {
                continue;
            }

            writer.AddRow(
                [.. row.Cells.Take(TableRows.MaxColumns + 1).Select(cell => new TableGridCell(
                    IsDropped(cell) ? "" : TextNormalizer.Normalize(TextOf(cell)), cell.ColumnSpan, cell.RowSpan))],
                isHeader);
        }

        writer.Finish();
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
    private string TextOf(INode node)
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

    // Non-content elements, hidden elements and page chrome, and elements whose inline style hides text that is there
    // (counted: such text is a way to plant instructions for AI models). A hidden subtree is never walked, so reading
    // its text once here keeps the walk linear.
    private bool IsDropped(IElement element)
    {
        if (DroppedTags.Contains(element.LocalName))
        {
            return true;
        }

        if (HtmlHiddenStyle.Reason(element) is not { } reason)
        {
            return IsChrome(element);
        }

        if (!string.IsNullOrWhiteSpace(element.TextContent))
        {
            _hidden.Add(reason);
        }

        return true;
    }

    // Non-content elements, hidden elements and page chrome: navigation, and a header or footer that belongs
    // to the page rather than to an article (a page-level header that holds the h1 is kept).
    private static bool IsChrome(IElement element)
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
