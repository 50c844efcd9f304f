using System.Runtime.CompilerServices;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Docent.Documents;

/// <summary>
/// Reads Markdown ("markdown") with Markdig: headings (with their path), paragraphs, list items (nested lists
/// flattened, one block per item), fenced and indented code, pipe/grid tables (rows as header-named sentences, see <see cref="DocumentTableWriter"/>) and block quotes. Inline
/// markup is removed: link text and code-span text stay, URLs and raw HTML go. Title: the first H1, else the
/// front matter's "title". The whole file is parsed at once (Markdown files are small). Deep nesting is
/// flattened, not refused: Markdig's block parser slows down steeply with depth (a list 5,000 levels deep
/// takes minutes) and refuses more than 128 nested elements, so a file whose lines nest deeper than
/// <see cref="MaxNesting"/> levels (<see cref="NestingOf"/>), or that Markdig refuses, is read as plain text
/// instead, with a warning: its text is kept, its structure ignored. The walk below recurses at most as
/// deep as Markdig's limit. Thread-safe.
/// </summary>
public sealed class MarkdownReader : IDocumentReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseFootnotes()
        .UseAutoLinks()
        .Build();

    /// <summary>The deepest nesting a line may show before the file is read as plain text.</summary>
    public const int MaxNesting = 128;

    /// <inheritdoc />
    public string Format => "markdown";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ContentSniffer.MarkdownExtensions.Contains(input.Extension) && ContentSniffer.LooksLikeText(input.Head.Span);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(
        DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        string markdown;
        await using (var stream = input.Open())
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            markdown = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var blocks = new List<DocumentBlock>();
        var tooDeep = NestingOf(markdown) > MaxNesting;
        var document = tooDeep ? null : TryParse(markdown);
        if (document is null)
        {
            input.Report.Warn(tooDeep
                ? $"Markdown nested deeper than {MaxNesting} levels: read as plain text (structure ignored)"
                : "Markdown nested too deeply for its parser: read as plain text (structure ignored)");
            var assembler = new TextBlockAssembler(PlainTextReader.MaxBlockChars);
            assembler.Append(markdown, blocks);
            assembler.Complete(blocks);
            input.Report.Title ??= assembler.Title;
        }
        else
        {
            new Walker(blocks, input.Report).Walk(document);
            input.Report.Title ??= blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.HeadingLevel == 1)?.Text
                ?? FrontMatterTitle(document);
        }

        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return block;
        }
    }

    /// <summary>
    /// An upper bound of how deeply the lines of <paramref name="markdown"/> nest: for each line, the block
    /// quote markers and list markers it opens with plus half its indentation in columns (a nested list needs
    /// at least two columns per level); the largest over all lines. One linear pass.
    /// </summary>
    public static int NestingOf(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var deepest = 0;
        var text = markdown.AsSpan();
        while (!text.IsEmpty)
        {
            var end = text.IndexOf('\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            int markers = 0, columns = 0, i = 0;
            while (i < line.Length)
            {
                var c = line[i];
                if (c is ' ' or '\t')
                {
                    columns += c == '\t' ? 4 : 1;
                    i++;
                }
                else if (c == '>')
                {
                    markers++;
                    i++;
                }
                else if (ListMarkerLength(line[i..]) is > 0 and var length)
                {
                    markers++;
                    i += length;
                }
                else
                {
                    break;
                }
            }

            deepest = Math.Max(deepest, markers + (columns / 2));
        }

        return deepest;
    }

    // "- ", "* ", "+ ", "12. ", "3) " at the start of text: the marker's length without the space, else 0.
    private static int ListMarkerLength(ReadOnlySpan<char> text)
    {
        var digits = 0;
        while (digits < text.Length && digits < 9 && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var length = digits > 0 ? (digits < text.Length && text[digits] is '.' or ')' ? digits + 1 : 0)
            : text.Length > 0 && text[0] is '-' or '*' or '+' ? 1 : 0;
        return length > 0 && (length == text.Length || text[length] is ' ' or '\t' or '\r') ? length : 0;
    }

    // Markdig throws ArgumentException when the document nests deeper than its limit.
    private static MarkdownDocument? TryParse(string markdown)
    {
        try
        {
            return Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? FrontMatterTitle(MarkdownDocument document)
    {
        if (document.Descendants<YamlFrontMatterBlock>().FirstOrDefault() is not { } frontMatter)
        {
            return null;
        }

        foreach (var line in frontMatter.Lines.ToString().Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
            {
                var title = TextNormalizer.Normalize(trimmed["title:".Length..].Trim().Trim('"', '\''));
                return title.Length > 0 ? title : null;
            }
        }

        return null;
    }

    private static string InlineText(ContainerInline? inline)
    {
        var builder = new StringBuilder();
        AppendInline(inline, builder);
        return TextNormalizer.Normalize(builder.ToString());
    }

    private static void AppendInline(Inline? inline, StringBuilder builder)
    {
        switch (inline)
        {
            case null:
            case HtmlInline:
                break;
            case LiteralInline literal:
                builder.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.AsSpan());
                break;
            case LineBreakInline:
                builder.Append(' ');
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendInline(child, builder);
                }

                break;
        }
    }

    // Walks the block tree in document order, tracking the heading path.
    private sealed class Walker(List<DocumentBlock> output, DocumentReadReport report)
    {
        private readonly HeadingPathTracker _headings = new();

        public void Walk(ContainerBlock container)
        {
            foreach (var block in container)
            {
                Visit(block);
            }
        }

        private void Visit(Block block)
        {
            switch (block)
            {
                case YamlFrontMatterBlock or HtmlBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup:
                    break;
                case HeadingBlock heading:
                    var headingText = InlineText(heading.Inline);
                    if (headingText.Length > 0)
                    {
                        output.Add(_headings.HeadingBlock(heading.Level, headingText));
                    }

                    break;
                case CodeBlock code:
                    Add(BlockKind.Code, TextNormalizer.NormalizeCode(code.Lines.ToString()));
                    break;
                case ParagraphBlock paragraph:
                    Add(BlockKind.Paragraph, InlineText(paragraph.Inline));
                    break;
                case ListBlock list:
                    foreach (var item in list)
                    {
                        VisitListItem(item);
                    }

                    break;
                case Table table:
                    // A pipe table's header row names the columns; a grid table may have none, and then keeps its cells joined.
                    var rows = table.OfType<TableRow>().ToList();
                    var writer = new DocumentTableWriter(output, _headings, report) { Headerless = !rows.Exists(row => row.IsHeader) };
                    foreach (var row in rows)
                    {
                        writer.AddRow([.. row.OfType<TableCell>().Select(cell => new TableGridCell(CellText(cell), Math.Max(1, cell.ColumnSpan)))], row.IsHeader);
                    }

                    writer.Finish();
                    break;
                case ContainerBlock container:
                    Walk(container);
                    break;
                case LeafBlock leaf:
                    Add(BlockKind.Paragraph, InlineText(leaf.Inline));
                    break;
            }
        }

        // One ListItem for the item's own paragraphs, then its nested lists and other blocks, flattened.
        private void VisitListItem(Block item)
        {
            if (item is not ListItemBlock listItem)
            {
                Visit(item);
                return;
            }

            var text = string.Join(" ", listItem.OfType<ParagraphBlock>().Select(p => InlineText(p.Inline)));
            Add(BlockKind.ListItem, TextNormalizer.Normalize(text));
            foreach (var child in listItem)
            {
                if (child is not ParagraphBlock)
                {
                    Visit(child);
                }
            }
        }

        private static string CellText(TableCell cell) =>
            TextNormalizer.Normalize(string.Join(" ", cell.OfType<LeafBlock>().Select(leaf => InlineText(leaf.Inline))));

        private void Add(BlockKind kind, string text)
        {
            if (text.Length > 0)
            {
                output.Add(_headings.Block(kind, text));
            }
        }
    }
}
