using Docent.Documents;
using Docent.Documents.Ocr;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents.Ocr;

/// <summary>
/// Scanned images and image-only PDF pages read through OCR: paragraphs with their page, the read report's pages and
/// confidence, text PDFs never sent to the engine, a question answered and cited from a scanned page, hostile images
/// failing alone, and a clear reason wherever OCR is off.
/// </summary>
public sealed class ScannedDocumentTests
{
    private static OcrAvailability Native => OcrAvailability.Using(TesseractNativeEngine.Shared);

    [OcrFact]
    public async Task AnImageBecomesParagraphsOnPageOneWithItsConfidence()
    {
        var input = FromBytes("scans/scanned-memo.png", OcrFixtures.Bytes("scanned-memo.png"));
        var blocks = await ReadAllAsync(new ImageReader(Native), input);

        Assert.Equal("image", input.Report.Format);
        Assert.Equal("Harbour Storage Memo", blocks[0].Text);
        Assert.Contains(blocks, b => b.Text == "The north warehouse in Tilburg holds 4812 pallets of copper rivets. Each pallet weighs about 600 kilograms when full.");
        Assert.All(blocks, b => Assert.Equal((BlockKind.Paragraph, 1), (b.Kind, b.Page ?? 0)));
        Assert.Equal((1, 1), (input.Report.Pages, input.Report.OcrPages));
        Assert.InRange(input.Report.OcrMeanConfidence ?? 0, 85, 100);
        Assert.Empty(input.Report.Warnings);
    }

    [OcrFact]
    public async Task ATiffsPagesKeepTheirNumbersAndALowConfidencePageIsWarnedAbout()
    {
        var input = FromBytes("two-page-scan.tif", OcrFixtures.Bytes("two-page-scan.tif"));
        var strict = OcrAvailability.Using(new TesseractProcessEngine(), new OcrSettings { LowConfidence = 99.9 });
        var blocks = await ReadAllAsync(new ImageReader(strict), input);

        Assert.Equal([1, 2], blocks.Select(b => b.Page ?? 0).Distinct());
        Assert.Contains(blocks, b => b.Page == 2 && b.Text.Contains("Pieter Smit", StringComparison.Ordinal));
        Assert.Equal((2, 2), (input.Report.Pages, input.Report.OcrPages));
        Assert.Contains(input.Report.Warnings, w => w.StartsWith("page 1: low OCR confidence (", StringComparison.Ordinal) && w.EndsWith("below 100); its text may be wrong", StringComparison.Ordinal));
    }

    [OcrFact]
    public async Task AScannedPdfPageIsReadByOcrWithItsPageNumber()
    {
        var counting = new CountingOcrEngine(TesseractNativeEngine.Shared);
        var input = FromBytes("scanned-memo.pdf", OcrFixtures.Bytes("scanned-memo.pdf"));
        var blocks = await ReadAllAsync(new PdfReader(OcrAvailability.Using(counting)), input);

        Assert.Equal(1, counting.Calls);
        Assert.Contains(blocks, b => b.Page == 1 && b.Text.Contains("4812 pallets of copper rivets", StringComparison.Ordinal));
        Assert.Equal((1, 1), (input.Report.Pages, input.Report.OcrPages));
        Assert.DoesNotContain(input.Report.Warnings, w => w.Contains("scanned", StringComparison.Ordinal));
    }

    [OcrFact]
    public async Task WithoutPopplerTheStoredImageIsRecognisedAsAJpegOrThroughPng()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A5);
        page.AddJpeg(OcrFixtures.Bytes("ferry-receipt.jpg"), new UglyToad.PdfPig.Core.PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
        var jpegPdf = builder.Build();

        foreach (var (name, bytes, expected) in new[] { ("receipt.pdf", jpegPdf, "Texel cost 37 euros"), ("memo.pdf", OcrFixtures.Bytes("scanned-memo.pdf"), "4812 pallets") })
        {
            var input = FromBytes(name, bytes);
            var blocks = await ReadAllAsync(new PdfReader(Native) { RenderWithPoppler = false }, input);

            Assert.Contains(blocks, b => b.Page == 1 && b.Text.Contains(expected, StringComparison.Ordinal));
            Assert.Equal(1, input.Report.OcrPages);
        }
    }

    [OcrFact]
    public async Task AHugeScannedPageIsRefusedBeforeRenderingAndTheOtherPagesAreRead()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var memo = OcrFixtures.Bytes("scanned-memo.png");
        var huge = builder.AddPage(14_000, 14_000); // 194 inches square: 3.4 billion pixels at 300 dpi
        huge.AddPng(memo, new UglyToad.PdfPig.Core.PdfRectangle(0, 0, 14_000, 14_000));
        var normal = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A5);
        normal.AddPng(memo, new UglyToad.PdfPig.Core.PdfRectangle(0, 0, normal.PageSize.Width, normal.PageSize.Height));
        var input = FromBytes("huge.pdf", builder.Build());

        var blocks = await ReadAllAsync(new PdfReader(Native), input);

        Assert.Equal([2], blocks.Select(b => b.Page ?? 0).Distinct());
        Assert.Contains(blocks, b => b.Text.Contains("4812 pallets", StringComparison.Ordinal));
        Assert.Equal(
            ["page 1 could not be read by OCR: the page is 194 × 194 inches, too large to render under the pixel limit"],
            input.Report.Warnings);
    }

    [OcrFact]
    public async Task ATextPdfNeverGoesThroughOcr()
    {
        var counting = new CountingOcrEngine(TesseractNativeEngine.Shared);
        var input = FromBytes("spec.pdf", File.ReadAllBytes(RepositoryPaths.Fixture("real", "shared-mime-info-spec-p14-16.pdf")));
        var blocks = await ReadAllAsync(new PdfReader(OcrAvailability.Using(counting)), input);

        Assert.NotEmpty(blocks);
        Assert.Equal(0, counting.Calls);
        Assert.Equal(0, input.Report.OcrPages);
        Assert.Equal(3, input.Report.Pages);
    }

    [Fact]
    public async Task WhenOcrIsOffScannedPagesAndImagesSaySoInsteadOfVanishing()
    {
        var off = OcrAvailability.Off("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)");
        var input = FromBytes("scanned-memo.pdf", OcrFixtures.Bytes("scanned-memo.pdf"));

        Assert.Empty(await ReadAllAsync(new PdfReader(off), input));
        Assert.Equal(
            ["page 1 has no extractable text (scanned?) and was not read: OCR is off: tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)"],
            input.Report.Warnings);

        var selector = DocumentReaderSelector.CreateDefault(off);
        Assert.Equal(
            "image not read: OCR is off: tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)",
            selector.Select(FromBytes("receipt.jpg", OcrFixtures.Bytes("ferry-receipt.jpg"))).SkipReason);
    }

    [OcrFact] // the native OCR engine loads Leptonica, which a machine without tesseract lacks
    public void WhenOcrIsOnAnImageIsRecognisedByItsBytesNotItsName() =>
        Assert.Equal("image", DocumentReaderSelector.CreateDefault(Native).Select(FromBytes("scan.dat", OcrFixtures.Bytes("two-page-scan.tif"))).Reader?.Format);

    [Fact]
    public async Task WithOcrSwitchedOffAnImageInAFolderIsSkippedSayingWhy()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/ferry-receipt.jpg", OcrFixtures.Bytes("ferry-receipt.jpg"));
        dir.Write("docs/faq.md", "# FAQ\n\nThe canteen opens at 8.\n");
        var options = new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") };
        options.Settings.Ocr.Enabled = false;
        var folder = await DataFolder.OpenAsync(options);

        var report = await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions());

        Assert.Equal((1, 0), (report.Added, report.Failed.Count));
        var image = Assert.Single(report.Results, r => r.Status == IngestStatus.Skipped);
        Assert.Equal("image not read: OCR is off: ocr.enabled is false", image.Error);
    }

    [OcrFact]
    public async Task AQuestionIsAnsweredAndCitedFromAScannedPageAndAnImage()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/scanned-memo.pdf", OcrFixtures.Bytes("scanned-memo.pdf"));
        dir.Write("docs/ferry-receipt.jpg", OcrFixtures.Bytes("ferry-receipt.jpg"));
        dir.Write("docs/faq.md", "# FAQ\n\nThe canteen opens at 8.\n");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        var report = await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions());
        Assert.Equal(3, report.Added);

        var result = await folder.CreateAskPipeline().AskAsync("How many pallets of copper rivets does the Tilburg warehouse hold?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("4812", result.Answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(result.Answer.Citations);
        Assert.Equal(("docs/scanned-memo.pdf", 1), (citation.ShownSource, citation.Page ?? 0));

        // The memo's text fills the top third of an otherwise blank page; its "4812 pallets" paragraph spans about
        // x 0.10–0.87, y 0.15–0.19 of the page (scanned-memo.png is 875 × 1240 pixels).
        var region = citation.Region ?? throw new Xunit.Sdk.XunitException("the scanned page's citation has no region");
        Assert.True(region.Left >= 0 && region.Top >= 0 && region.Left + region.Width <= 1 && region.Top + region.Height <= 1, region.ToString());
        Assert.True(region.Left <= 0.11 && region.Top <= 0.16, region.ToString());
        Assert.True(region.Left + region.Width >= 0.85 && region.Top + region.Height >= 0.18, region.ToString());
        Assert.True(region.Top + region.Height < 0.5, region.ToString());

        result = await folder.CreateAskPipeline().AskAsync("When does the canteen open?");
        var textCitation = Assert.Single(result.Answer.Citations);
        Assert.Equal(("docs/faq.md", null), (textCitation.ShownSource, textCitation.Region));

        result = await folder.CreateAskPipeline().AskAsync("What did the ferry ticket to Texel cost?");
        Assert.Contains("37 euros", result.Answer.Text, StringComparison.Ordinal);
        Assert.Equal("docs/ferry-receipt.jpg", Assert.Single(result.Answer.Citations).ShownSource);
    }

    [OcrFact]
    public async Task HostileImagesFailWithAReasonWhileTheOtherFilesAreIngested()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/bomb.png", OcrFixtures.PngDeclaring(100_000, 100_000));
        dir.Write("docs/cut.jpg", OcrFixtures.Truncated("ferry-receipt.jpg"));
        dir.Write("docs/cut.png", OcrFixtures.Truncated("scanned-memo.png"));
        dir.Write("docs/memo.png", OcrFixtures.Bytes("scanned-memo.png"));
        dir.Write("docs/faq.md", "# FAQ\n\nThe canteen opens at 8.\n");
        foreach (var engine in new[] { OcrEngineKind.Process, OcrEngineKind.Native })
        {
            var options = new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data-" + engine) };
            options.Settings.Ocr.Engine = engine;
            var folder = await DataFolder.OpenAsync(options);
            var report = await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions());

            Assert.Equal(2, report.Added);
            var failures = report.Failed.ToDictionary(r => System.IO.Path.GetFileName(r.Path), r => r.Error!);
            Assert.Equal(["bomb.png", "cut.jpg", "cut.png"], failures.Keys.Order());
            Assert.Contains("100000 × 100000 pixels", failures["bomb.png"], StringComparison.Ordinal);
            Assert.Contains("over the limit of 60 million", failures["bomb.png"], StringComparison.Ordinal);
            Assert.Contains("the JPEG could not be decoded (truncated or damaged?)", failures["cut.jpg"], StringComparison.Ordinal);
            Assert.Contains("the PNG could not be decoded (truncated or damaged?)", failures["cut.png"], StringComparison.Ordinal);
        }
    }
}
