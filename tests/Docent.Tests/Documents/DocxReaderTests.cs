using System.IO.Compression;
using Docent.Documents;
using static Docent.Tests.Documents.FixtureBuilders;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

public sealed class DocxReaderTests
{
    private readonly DocxReader _reader = new();

    private static byte[] LeaveDocx(string? title) => BuildDocx(
        title,
        [
            new("Heading1", "Leave"),
            new(null, "Everyone gets 27 days of annual leave."),
            new("Heading2", "Sick leave"),
            new(null, "Call your manager before 10:00."),
            new(null, "Bring a note after three days", Numbered: true),
            new("Heading2", "Parental leave"),
            new(null, "   "),
            new(null, "Up to 20 weeks on full pay."),
            new("Heading1", "Security"),
        ],
        [["Type", "Days"], ["Annual", "27"]]);

    [Fact]
    public async Task Reads_headings_paragraphs_lists_and_tables_in_order()
    {
        var input = FromBytes("leave.docx", LeaveDocx("Leave Policy"));

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [
                (BlockKind.Heading, "Leave", "Leave"),
                (BlockKind.Paragraph, "Everyone gets 27 days of annual leave.", "Leave"),
                (BlockKind.Heading, "Sick leave", "Leave > Sick leave"),
                (BlockKind.Paragraph, "Call your manager before 10:00.", "Leave > Sick leave"),
                (BlockKind.ListItem, "Bring a note after three days", "Leave > Sick leave"),
                (BlockKind.Heading, "Parental leave", "Leave > Parental leave"),
                (BlockKind.Paragraph, "Up to 20 weeks on full pay.", "Leave > Parental leave"),
                (BlockKind.Heading, "Security", "Security"),
                (BlockKind.TableRow, "Type: Annual; Days: 27.", "Security"),
            ],
            blocks.Select(b => (b.Kind, b.Text, Path(b))));
        Assert.Equal([1, 2], blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.HeadingLevel).Distinct());
        Assert.Equal("Leave Policy", input.Report.Title);
        Assert.All(blocks, b => Assert.Null(b.Page));
    }

    [Fact]
    public async Task Title_falls_back_to_the_first_level_one_heading()
    {
        var input = FromBytes("leave.docx", LeaveDocx(title: null));

        await ReadAllAsync(_reader, input);

        Assert.Equal("Leave", input.Report.Title);
    }

    [Fact]
    public async Task Title_style_wins_over_heading_for_the_title()
    {
        var input = FromBytes("t.docx", BuildDocx(null, [new("Heading1", "Intro"), new("Title", "The Handbook")]));

        await ReadAllAsync(_reader, input);

        Assert.Equal("The Handbook", input.Report.Title);
    }

    [Fact]
    public async Task Text_file_named_docx_throws_with_a_reason()
    {
        var input = FromText("fake.docx", "just some text, not a zip");

        var ex = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(_reader, input));

        Assert.StartsWith("not a valid DOCX: ", ex.Reason);
    }

    [Fact]
    public async Task Zip_that_is_not_a_word_document_throws_with_a_reason()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("hello.txt").Open());
            writer.Write("hello");
        }

        var ex = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(_reader, FromBytes("fake.docx", memory.ToArray())));

        Assert.StartsWith("not a valid DOCX: ", ex.Reason);
    }
}
