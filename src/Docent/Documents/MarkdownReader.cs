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
/// flattened, one block per item), fenced and indented code, pipe/grid table rows and block quotes. Inline
/// markup is removed: link text and code-span text stay, URLs and raw HTML go. Title: the first H1, else the
/// front matter's "title". The whole file is parsed at once (Markdown files are small). Thread-safe.
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

        var document = Markdown.Parse(markdown, Pipeline);
        var blocks = new List<DocumentBlock>();
        new Walker(blocks).Walk(document);
        input.Report.Title ??= blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading && b.HeadingLevel == 1)?.Text
            ?? FrontMatterTitle(document);

        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return block;
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
    private sealed class Walker(List<DocumentBlock> output)
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
                    foreach (var row in table.OfType<TableRow>())
                    {
                        var cells = row.OfType<TableCell>().Select(CellText).ToList();
                        if (cells.Exists(cell => cell.Length > 0))
                        {
                            Add(BlockKind.TableRow, string.Join(" | ", cells));
                        }
                    }

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
