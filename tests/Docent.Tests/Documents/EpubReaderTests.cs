using System.IO.Compression;
using System.Text;
using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>
/// E-books made with System.IO.Compression as the EPUB container specification lays them out: chapters are read in
/// the spine's order (not the zip's) with their headings, the title comes from the package, the format is recognised by
/// content, and a question is answered and cited from a chapter; a broken book names the file and the reason.
/// </summary>
public sealed class EpubReaderTests
{
    internal static byte[] HarbourGuide(bool withContainer = true)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text, CompressionLevel level = CompressionLevel.Optimal)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }

            Add("mimetype", "application/epub+zip", CompressionLevel.NoCompression);
            if (withContainer)
            {
                Add("META-INF/container.xml",
                    "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>" +
                    "<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>");
            }

            // The zip holds chapter 2 before chapter 1: the spine, not the zip, decides the order.
            Add("OEBPS/text/ch2.xhtml", Chapter("Harbour rules", "Boats leave the inner harbour before 18:00.", "Fuel is sold at the east quay."));
            Add("OEBPS/text/ch1.xhtml", Chapter("Arriving", "Visitors register at the harbour office on Pier Road."));
            Add("OEBPS/content.opf",
                "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"id\">" +
                "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>A Harbour Guide</dc:title></metadata>" +
                "<manifest><item id=\"c1\" href=\"text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>" +
                "<item id=\"c2\" href=\"text/ch2.xhtml\" media-type=\"application/xhtml+xml\"/>" +
                "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/></manifest>" +
                "<spine><itemref idref=\"c1\"/><itemref idref=\"c2\"/><itemref idref=\"css\"/></spine></package>");
        }

        return stream.ToArray();
    }

    private static string Chapter(string heading, params string[] paragraphs) =>
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{heading}</title></head><body>" +
        $"<h1>{heading}</h1>" + string.Concat(paragraphs.Select(p => $"<p>{p}</p>")) + "</body></html>";

    [Fact]
    public async Task ChaptersAreReadInSpineOrderWithTheirHeadings()
    {
        var input = FromBytes("guide.epub", HarbourGuide());
        var blocks = await ReadAllAsync(new EpubReader(), input);

        Assert.Equal("epub", input.Report.Format);
        Assert.Equal("A Harbour Guide", input.Report.Title);
        Assert.Equal(
            ["Arriving", "Visitors register at the harbour office on Pier Road.", "Harbour rules", "Boats leave the inner harbour before 18:00.", "Fuel is sold at the east quay."],
            blocks.Select(b => b.Text));
        Assert.Equal(["Harbour rules"], blocks[^1].HeadingPath);
    }

    [Fact]
    public void AnEpubIsRecognisedByContentWhateverItsName()
    {
        var selector = DocumentReaderSelector.CreateDefault();
        Assert.Equal("epub", selector.Select(FromBytes("guide.bin", HarbourGuide())).Reader?.Format);
        Assert.Equal("epub", selector.Select(FromBytes("guide.epub", HarbourGuide())).Reader?.Format);
        Assert.False(new EpubReader().CanRead(FromBytes("rates.xlsx", XlsxReaderTests.TravelWorkbook())));
    }

    [Fact]
    public async Task AChapterIsAnsweredAndCited()
    {
        using var dir = new TempDirectory();
        dir.Write("books/guide.epub", HarbourGuide());
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        Assert.Empty((await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "books")], new IngestOptions())).Failed);

        var result = await folder.CreateAskPipeline().AskAsync("Where is fuel sold?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("east quay", result.Answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(result.Answer.Citations);
        Assert.Equal("books/guide.epub", citation.ShownSource);
        Assert.Equal(["Harbour rules"], citation.HeadingPath);
    }

    [Fact]
    public async Task ABookWithoutItsContainerFileFailsNamingTheFileAndTheReason()
    {
        var error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(new EpubReader(), FromBytes("broken.epub", HarbourGuide(withContainer: false))));
        Assert.Equal("broken.epub", error.Path);
        Assert.Contains("META-INF/container.xml", error.Message, StringComparison.Ordinal);
    }
}
