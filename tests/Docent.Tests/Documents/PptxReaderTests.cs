using System.Text;
using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>
/// PowerPoint decks made with DocumentFormat.OpenXml: each slide is a section headed by its title with the slide number
/// as its page, its text boxes follow, speaker notes come last; a question is answered and cited from a slide.
/// </summary>
public sealed class PptxReaderTests
{
    private const string Namespaces =
        "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" " +
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

    /// <summary>A shape: a placeholder of <paramref name="placeholder"/> type (or a plain text box) holding paragraphs.</summary>
    private static string Shape(string? placeholder, params string[] paragraphs) =>
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"s\"/><p:cNvSpPr/><p:nvPr>" + (placeholder is null ? "" : $"<p:ph type=\"{placeholder}\"/>") +
        "</p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>" +
        string.Concat(paragraphs.Select(p => $"<a:p><a:r><a:t>{p}</a:t></a:r></a:p>")) + "</p:txBody></p:sp>";

    private static string Slide(params string[] shapes) =>
        $"<p:sld {Namespaces}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>" +
        string.Concat(shapes) + "</p:spTree></p:cSld></p:sld>";

    private static string Notes(params string[] shapes) =>
        $"<p:notes {Namespaces}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>" +
        string.Concat(shapes) + "</p:spTree></p:cSld></p:notes>";

    /// <summary>A three-slide deck: a titled slide with notes, a slide without a title, a slide with a grouped text box.</summary>
    internal static byte[] QuarterlyDeck()
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            document.PackageProperties.Title = "Quarterly review";
            AddSlides(document,
            [
                (Slide(Shape("title", "Office move"), Shape("body", "The Leeds office moves to Wharf Street on 3 March.", "Desks are booked through Harbour.")),
                 Notes(Shape("sldImg"), Shape("body", "Mention the parking permits."))),
                (Slide(Shape(null, "Headcount grew to 212 people this quarter.")), null),
                (Slide(Shape("ctrTitle", "Security"), "<p:grpSp><p:nvGrpSpPr><p:cNvPr id=\"5\" name=\"g\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>" +
                    Shape(null, "Report a lost laptop within 1 hour.") + "</p:grpSp>"), null),
            ]);
        }

        return stream.ToArray();
    }

    /// <summary>A cell of a slide table: its text and DrawingML's merge attributes.</summary>
    private static string TableCell(string text, string attributes = "") =>
        $"<a:tc{attributes}><a:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc>";

    /// <summary>A one-slide deck whose per-diem table (a graphic frame) has a header row and "Asia" merged over two rows.</summary>
    internal static byte[] TableDeck()
    {
        static string Row(params string[] cells) => "<a:tr h=\"370840\">" + string.Concat(cells) + "</a:tr>";
        string table = "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"4\" name=\"t\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/>" +
            "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblPr firstRow=\"1\"/>" +
            "<a:tblGrid><a:gridCol w=\"1\"/><a:gridCol w=\"1\"/><a:gridCol w=\"1\"/></a:tblGrid>" +
            Row(TableCell("City"), TableCell("Region"), TableCell("Per diem")) +
            Row(TableCell("Tokyo"), TableCell("Asia", " rowSpan=\"2\""), TableCell("JPY 20,000")) +
            Row(TableCell("Osaka"), TableCell("", " vMerge=\"1\""), TableCell("JPY 18,000")) +
            "</a:tbl></a:graphicData></a:graphic></p:graphicFrame>";
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            AddSlides(document, [(Slide(Shape("title", "Travel rates"), table, Shape("body", "Rates apply from January.")), null)]);
        }

        return stream.ToArray();
    }

    private static void AddSlides(PresentationDocument document, (string Slide, string? Notes)[] slides)
    {
        var presentation = document.AddPresentationPart();
        var ids = new StringBuilder();
        uint id = 256;
        foreach (var (slideXml, notesXml) in slides)
        {
            var slide = presentation.AddNewPart<SlidePart>();
            slide.FeedData(new MemoryStream(Encoding.UTF8.GetBytes(slideXml)));
            if (notesXml is not null)
            {
                slide.AddNewPart<NotesSlidePart>().FeedData(new MemoryStream(Encoding.UTF8.GetBytes(notesXml)));
            }

            ids.Append($"<p:sldId id=\"{id++}\" r:id=\"{presentation.GetIdOfPart(slide)}\"/>");
        }

        presentation.FeedData(new MemoryStream(Encoding.UTF8.GetBytes($"<p:presentation {Namespaces}><p:sldIdLst>{ids}</p:sldIdLst></p:presentation>")));
    }

    [Fact]
    public async Task ASlideTableIsReadAsHeaderNamedRowsInPlace()
    {
        var input = FromBytes("rates.pptx", TableDeck());
        var blocks = await ReadAllAsync(new PptxReader(), input);

        Assert.Equal(
            [
                (BlockKind.Heading, "Travel rates"),
                (BlockKind.TableRow, "City: Tokyo; Region: Asia; Per diem: JPY 20,000."),
                (BlockKind.TableRow, "City: Osaka; Region: Asia; Per diem: JPY 18,000."),
                (BlockKind.Paragraph, "Rates apply from January."),
            ],
            blocks.Select(b => (b.Kind, b.Text)));
        Assert.All(blocks, b => Assert.Equal(1, b.Page));
        Assert.Equal(1, input.Report.Tables);
    }

    [Fact]
    public async Task SlidesAreSectionsWithTheirNumberAsPageAndNotesLast()
    {
        var input = FromBytes("review.pptx", QuarterlyDeck());
        var blocks = await ReadAllAsync(new PptxReader(), input);

        Assert.Equal("pptx", input.Report.Format);
        Assert.Equal("Quarterly review", input.Report.Title);
        Assert.Equal(
            [
                (BlockKind.Heading, "Office move", 1),
                (BlockKind.Paragraph, "The Leeds office moves to Wharf Street on 3 March.", 1),
                (BlockKind.Paragraph, "Desks are booked through Harbour.", 1),
                (BlockKind.Paragraph, "Notes: Mention the parking permits.", 1),
                (BlockKind.Heading, "Slide 2", 2),
                (BlockKind.Paragraph, "Headcount grew to 212 people this quarter.", 2),
                (BlockKind.Heading, "Security", 3),
                (BlockKind.Paragraph, "Report a lost laptop within 1 hour.", 3),
            ],
            blocks.Select(b => (b.Kind, b.Text, b.Page ?? 0)));
        Assert.All(blocks, b => Assert.Equal(b.Kind == BlockKind.Heading ? b.Text : blocks.Last(h => h.Kind == BlockKind.Heading && h.Page == b.Page).Text, b.HeadingPath[^1]));
    }

    [Fact]
    public async Task ASlideIsAnsweredAndCitedWithItsNumber()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/review.pptx", QuarterlyDeck());
        dir.Write("docs/faq.md", "# FAQ\n\nThe canteen opens at 8.\n");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        Assert.Empty((await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions())).Failed);

        var result = await folder.CreateAskPipeline().AskAsync("Where does the Leeds office move to?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("Wharf Street", result.Answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(result.Answer.Citations);
        Assert.Equal("docs/review.pptx", citation.ShownSource);
        Assert.Equal(1, citation.Page);
        Assert.Equal(["Office move"], citation.HeadingPath);
    }

    [Fact]
    public async Task DamagedOrMislabelledDecksFailWithAReasonNamingTheFile()
    {
        var reader = new PptxReader();
        byte[] deck = QuarterlyDeck();
        var error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(reader, FromBytes("cut.pptx", deck[..(deck.Length / 2)])));
        Assert.Equal("cut.pptx", error.Path);
        Assert.Contains("PPTX", error.Message, StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(reader, FromBytes("rates.pptx", XlsxReaderTests.TravelWorkbook())));
        Assert.Contains("PPTX", error.Message, StringComparison.Ordinal);
        Assert.Equal("pptx", DocumentReaderSelector.CreateDefault().Select(FromBytes("review.pptx", deck)).Reader?.Format);
        Assert.False(reader.CanRead(FromBytes("review.docx", deck)));
    }
}
