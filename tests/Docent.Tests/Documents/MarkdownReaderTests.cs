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
                (BlockKind.TableRow, "Type | Days", "Employee Handbook > Leave"),
                (BlockKind.TableRow, "Annual | 27", "Employee Handbook > Leave"),
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
}
