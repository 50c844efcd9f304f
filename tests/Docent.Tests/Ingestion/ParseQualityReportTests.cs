using Docent.Hosting;
using Docent.Ingestion;
using Docent.Storage;
using Docent.Tests.Documents;
using Docent.Tests.Documents.Ocr;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Ingestion;

/// <summary>Each document's parse-quality report: figures counted as it is read, kept with it, and the concerns that flag a document read badly.</summary>
public sealed class ParseQualityReportTests
{
    [Fact]
    public async Task EachDocumentKeepsWhatItsReadingFoundAndTheBadlyReadOnesAreFlagged()
    {
        using var dir = new TempDirectory();
        const string Guide = "# Travel guide\n\n## Trains\n\nBook trains for trips under four hours.\n\n## Hotels\n\nHotels are booked by the travel desk.\n";
        dir.Write("docs/guide.md", Guide);
        dir.Write("docs/review.pptx", PptxReaderTests.QuarterlyDeck());
        dir.Write("docs/scan.pdf", FixtureBuilders.BuildPdfWithoutText());
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(dir.Path, "data") });
        await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(dir.Path, "docs")], new IngestOptions());
        var documents = (await folder.Documents.ListDocumentsAsync()).ToDictionary(d => d.ShownSource);

        var guide = documents["docs/guide.md"];
        Assert.Equal(new DocumentQuality(Pages: null, Characters: "Travel guideTrainsBook trains for trips under four hours.HotelsHotels are booked by the travel desk.".Length, Headings: 3, Tables: 0), guide.Quality);
        Assert.Empty(ParseQualityReview.Concerns(guide));
        Assert.Equal("100 characters · 3 headings · 0 tables", ParseQualityReview.Summary(guide.Quality!));

        var deck = documents["docs/review.pptx"];
        Assert.Equal(3, deck.Quality!.Pages);
        Assert.Equal(3, deck.Quality.Headings);

        var scan = documents["docs/scan.pdf"];
        Assert.Equal(0, scan.Quality!.Characters);
        Assert.Contains("no text was read", ParseQualityReview.Concerns(scan));
    }

    [OcrFact]
    public async Task AScannedPageReadByOcrReportsItsOcrPageAndConfidenceAndIsNotFlaggedAsSparse()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/scanned-memo.pdf", OcrFixtures.Bytes("scanned-memo.pdf"));
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(dir.Path, "data") });
        await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(dir.Path, "docs")], new IngestOptions());

        var scan = Assert.Single(await folder.Documents.ListDocumentsAsync());
        Assert.Equal((1, 1), (scan.Quality!.Pages, scan.Quality.OcrPages));
        Assert.InRange(scan.Quality.OcrMeanConfidence!.Value, ParseQualityReview.LowOcrConfidence, 100);
        var page = Assert.Single(scan.Quality.OcrPageConfidences!);
        Assert.Equal((1, Math.Round(scan.Quality.OcrMeanConfidence.Value, 1)), (page.Page, page.Confidence));
        Assert.True(scan.Quality.Characters > 200, $"{scan.Quality.Characters} characters");
        Assert.Empty(ParseQualityReview.Concerns(scan));
        Assert.Contains("1 OCR page (mean confidence", ParseQualityReview.Summary(scan.Quality), StringComparison.Ordinal);
    }

    [Fact]
    public void SparsePagesAndLowOcrConfidenceAreConcernsButAnArchiveWithoutTextOfItsOwnIsNot()
    {
        static DocumentRecord Document(string format, DocumentQuality quality, int chunks = 1, params string[] warnings) =>
            new("id", "/docs/x", "X", format, "hash", 10, chunks, DateTimeOffset.UnixEpoch, warnings, Quality: quality);

        Assert.Equal(["only 40 characters per page: pages may be images of text"], ParseQualityReview.Concerns(Document("pdf", new(Pages: 10, Characters: 400, Headings: 0, Tables: 0))));
        Assert.Empty(ParseQualityReview.Concerns(Document("pdf", new(Pages: 10, Characters: 400, Headings: 0, Tables: 0, OcrPages: 10, OcrMeanConfidence: 91))));
        Assert.Equal(["OCR confidence 55%: recognised text may be wrong", "1 warning while reading"],
            ParseQualityReview.Concerns(Document("image", new(Pages: 1, Characters: 900, Headings: 0, Tables: 0, OcrPages: 1, OcrMeanConfidence: 55), 1, "blurred")));
        Assert.Empty(ParseQualityReview.Concerns(Document("archive", new(Pages: null, Characters: 0, Headings: 0, Tables: 0), chunks: 0)));
        Assert.Empty(ParseQualityReview.Concerns(Document("pdf", new(Pages: 2, Characters: 5000, Headings: 1, Tables: 0)) with { Quality = null }));
    }
}
