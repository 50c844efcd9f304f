using Docent.Documents;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

public sealed class MarkdownReaderTests
{
    private readonly MarkdownReader _reader = new();

    private const string Handbook = """
        ---
        title: Front Matter Title
        ---
        # Employee Handbook

        Welcome to **Northwind**, see [the intranet](https://intra.example/x) or run `docent ask`.

        ## Travel

        ### Booking

        - Book *early*
        - Use the portal
          - nested item
        1. First step

        ```csharp
        if (ok)
            Go();   
        ```

            indented code

        ## Leave

        > Quoted policy line.

        | Type | Days |
        | ---- | ---- |
        | Annual | 27 |
        """;

    [Fact]
    public async Task Reads_blocks_with_heading_paths_and_inline_markup_removed()
    {
        var input = FromText("handbook.md", Handbook);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [
                (BlockKind.Heading, "Employee Handbook", "Employee Handbook"),
                (BlockKind.Paragraph, "Welcome to Northwind, see the intranet or run docent ask.", "Employee Handbook"),
                (BlockKind.Heading, "Travel", "Employee Handbook > Travel"),
                (BlockKind.Heading, "Booking", "Employee Handbook > Travel > Booking"),
                (BlockKind.ListItem, "Book early", "Employee Handbook > Travel > Booking"),
                (BlockKind.ListItem, "Use the portal", "Employee Handbook > Travel > Booking"),
                (BlockKind.ListItem, "nested item", "Employee Handbook > Travel > Booking"),
                (BlockKind.ListItem, "First step", "Employee Handbook > Travel > Booking"),
                (BlockKind.Code, "if (ok)\n    Go();", "Employee Handbook > Travel > Booking"),
                (BlockKind.Code, "indented code", "Employee Handbook > Travel > Booking"),
                (BlockKind.Heading, "Leave", "Employee Handbook > Leave"),
                (BlockKind.Paragraph, "Quoted policy line.", "Employee Handbook > Leave"),
                (BlockKind.TableRow, "Type: Annual; Days: 27.", "Employee Handbook > Leave"),
            ],
            blocks.Select(b => (b.Kind, b.Text, Path(b))));
        Assert.Equal([1, 2, 3, 2], blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.HeadingLevel));
        Assert.Equal("Employee Handbook", input.Report.Title);
        Assert.Equal("markdown", input.Report.Format);
    }

    [Fact]
    public async Task Title_falls_back_to_front_matter()
    {
        var input = FromText("x.md", "---\ntitle: \"Leave Policy\"\n---\n## Only a level two\n\ntext");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal("Leave Policy", input.Report.Title);
        Assert.DoesNotContain(blocks, b => b.Text.Contains("title:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_5000_levels_deep_is_read_as_plain_text_quickly_with_its_text_kept()
    {
        var markdown = string.Concat(Enumerable.Range(0, 5000).Select(i => new string(' ', 2 * i) + $"- item{i}\n"));
        var input = FromText("deep.md", markdown);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(5000, blocks.Count);
        Assert.Equal("item4999", blocks[^1].Text);
        Assert.Equal(["Markdown nested deeper than 128 levels: read as plain text (structure ignored)"], input.Report.Warnings);
    }

    [Fact]
    public async Task Nesting_that_markdig_refuses_is_read_as_plain_text()
    {
        var markdown = "# Deep\n\n" + string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', 2 * i) + $"- item{i}\n"));
        var input = FromText("deep.md", markdown);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal("item99", blocks[^1].Text);
        Assert.Equal(101, blocks.Count);
        Assert.Equal(["Markdown nested too deeply for its parser: read as plain text (structure ignored)"], input.Report.Warnings);
    }

    [Theory]
    [InlineData("plain line", 0)]
    [InlineData("    - a\n> > - b\n", 4)]
    [InlineData("12. x\n\t\t* y", 5)]
    [InlineData("---------------------------------------------------------------------", 0)]
    [InlineData("-not a marker", 0)]
    public void Nesting_estimate_counts_markers_and_half_the_indentation(string markdown, int expected) =>
        Assert.Equal(expected, MarkdownReader.NestingOf(markdown));
}
