using System.IO.Compression;
using System.Text;
using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>
/// OpenDocument text, spreadsheet and presentation files laid out as the ODF specification (and LibreOffice) writes
/// them: recognised by their mimetype entry, read as sections, rows and slides like their Office counterparts, and a
/// question answered and cited from a spreadsheet row.
/// </summary>
public sealed class OpenDocumentReaderTests
{
    private const string Namespaces =
        "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " +
        "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " +
        "xmlns:presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\"";

    internal static byte[] Package(string kind, string body, string? title = null)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text, CompressionLevel level = CompressionLevel.Optimal)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }

            Add("mimetype", "application/vnd.oasis.opendocument." + kind, CompressionLevel.NoCompression);
            Add("content.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {Namespaces}><office:body>{body}</office:body></office:document-content>");
            if (title is not null)
            {
                Add("meta.xml", "<?xml version=\"1.0\"?><office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " +
                    $"xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:meta><dc:title>{title}</dc:title></office:meta></office:document-meta>");
            }
        }

        return stream.ToArray();
    }

    internal static byte[] Spreadsheet() => Package("spreadsheet",
        "<office:spreadsheet><table:table table:name=\"Per diem\">" +
        "<table:table-row><table:table-cell><text:p>City</text:p></table:table-cell><table:table-cell><text:p>Per diem (EUR)</text:p></table:table-cell></table:table-row>" +
        "<table:table-row><table:table-cell><text:p>Oslo</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"90\"><text:p>90</text:p></table:table-cell>" +
        "<table:table-cell table:number-columns-repeated=\"1000\"/></table:table-row>" +
        "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell table:number-columns-repeated=\"1000\"/></table:table-row>" +
        "<table:table-row><table:table-cell><text:p>Rome</text:p></table:table-cell><table:table-cell office:value-type=\"float\" office:value=\"70\"/></table:table-row>" +
        "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>" +
        "</table:table></office:spreadsheet>", "Rates");

    [Fact]
    public async Task ATextDocumentKeepsHeadingsListsAndTables()
    {
        var bytes = Package("text",
            "<office:text><text:h text:outline-level=\"1\">Leave</text:h><text:p>Staff get 27 days<text:s/>a year.</text:p>" +
            "<text:list><text:list-item><text:p>Book leave in Harbour.</text:p></text:list-item></text:list>" +
            "<text:h text:outline-level=\"2\">Carry-over</text:h><text:p>Up to 5 days carry over.</text:p>" +
            "<table:table table:name=\"T1\"><table:table-row><table:table-cell><text:p>Grade</text:p></table:table-cell><table:table-cell><text:p>Days</text:p></table:table-cell></table:table-row>" +
            "<table:table-row><table:table-cell><text:p>Senior</text:p></table:table-cell><table:table-cell><text:p>10</text:p></table:table-cell></table:table-row></table:table>" +
            "</office:text>", "Leave policy");
        var input = FromBytes("leave.odt", bytes);
        var blocks = await ReadAllAsync(new OpenDocumentReader(), input);

        Assert.Equal("Leave policy", input.Report.Title);
        Assert.Equal(
            [
                (BlockKind.Heading, "Leave"), (BlockKind.Paragraph, "Staff get 27 days a year."), (BlockKind.ListItem, "Book leave in Harbour."),
                (BlockKind.Heading, "Carry-over"), (BlockKind.Paragraph, "Up to 5 days carry over."), (BlockKind.TableRow, "Grade: Senior; Days: 10."),
            ],
            blocks.Select(b => (b.Kind, b.Text)));
        Assert.Equal(1, input.Report.Tables);
        Assert.Equal(["Leave", "Carry-over"], blocks[^1].HeadingPath);
    }

    [Fact]
    public async Task ASpreadsheetsRowsAreSentencesAndItsRepeatsStayBounded()
    {
        var blocks = await ReadAllAsync(new OpenDocumentReader(), FromBytes("rates.ods", Spreadsheet()));
        Assert.Equal(
            ["Per diem", "Row 2 — City: Oslo; Per diem (EUR): 90.", "Row 6 — City: Rome; Per diem (EUR): 70."],
            blocks.Select(b => b.Text));
        Assert.Equal(["Per diem"], blocks[1].HeadingPath);
    }

    [Fact]
    public async Task APresentationsSlidesAreSectionsWithNotes()
    {
        var bytes = Package("presentation",
            "<office:presentation><draw:page draw:name=\"page1\"><draw:frame presentation:class=\"title\"><draw:text-box><text:p>Office move</text:p></draw:text-box></draw:frame>" +
            "<draw:frame presentation:class=\"outline\"><draw:text-box><text:p>Leeds moves to Wharf Street.</text:p></draw:text-box></draw:frame>" +
            "<presentation:notes><draw:frame><draw:text-box><text:p>Mention parking.</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>" +
            "<draw:page draw:name=\"Budget\"><draw:frame><draw:text-box><text:p>Spend is on plan.</text:p></draw:text-box></draw:frame></draw:page></office:presentation>");
        var blocks = await ReadAllAsync(new OpenDocumentReader(), FromBytes("review.odp", bytes));
        Assert.Equal(
            [("Office move", 1), ("Leeds moves to Wharf Street.", 1), ("Notes: Mention parking.", 1), ("Budget", 2), ("Spend is on plan.", 2)],
            blocks.Select(b => (b.Text, b.Page ?? 0)));
    }

    [Fact]
    public async Task ASpreadsheetCellIsAnsweredAndCitedAndTheFormatIsKnownByContent()
    {
        var selector = DocumentReaderSelector.CreateDefault();
        Assert.Equal("opendocument", selector.Select(FromBytes("rates.bin", Spreadsheet())).Reader?.Format);
        Assert.False(new OpenDocumentReader().CanRead(FromBytes("guide.epub", EpubReaderTests.HarbourGuide())));

        using var dir = new TempDirectory();
        dir.Write("docs/rates.ods", Spreadsheet());
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        Assert.Empty((await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions())).Failed);
        var result = await folder.CreateAskPipeline().AskAsync("What is the per diem for Rome?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("70", result.Answer.Text, StringComparison.Ordinal);
        Assert.Equal("docs/rates.ods", Assert.Single(result.Answer.Citations).ShownSource);
    }
}
