using Docent.Documents;
using Docent.Documents.Ocr;

namespace Docent.Tests.Documents.Ocr;

/// <summary>Recognised paragraphs become blocks that carry their box as fractions of the page, whatever its size in pixels.</summary>
public sealed class OcrBlocksTests
{
    private static OcrParagraph Paragraph(string text, OcrBox box) =>
        new(1, [new OcrLine([new OcrWord(text, box, 95)], box)], box);

    [Fact]
    public void AParagraphsBoxBecomesItsRegionAsFractionsOfThePage()
    {
        var page = new OcrPage(800, 1000, [Paragraph("Heading", new OcrBox(80, 100, 400, 50)), Paragraph("Body text.", new OcrBox(80, 200, 640, 300))], 95);

        var blocks = OcrBlocks.FromPage(page, 2, [], new DocumentReadReport(), lowConfidence: 60);

        Assert.Equal([new PageRegion(0.1, 0.1, 0.5, 0.05), new PageRegion(0.1, 0.2, 0.8, 0.3)], blocks.Select(b => b.Region!.Value));
        Assert.All(blocks, b => Assert.Equal(2, b.Page));
    }

    [Fact]
    public void TheSameBoxOnAPageScannedAtTwiceTheResolutionHasTheSameRegion()
    {
        var low = new OcrPage(850, 1100, [Paragraph("Body text.", new OcrBox(85, 110, 425, 220))], 95);
        var high = new OcrPage(1700, 2200, [Paragraph("Body text.", new OcrBox(170, 220, 850, 440))], 95);

        var lowRegion = OcrBlocks.FromPage(low, 1, [], new DocumentReadReport(), 60).Single().Region;
        var highRegion = OcrBlocks.FromPage(high, 1, [], new DocumentReadReport(), 60).Single().Region;

        Assert.Equal(new PageRegion(0.1, 0.1, 0.5, 0.2), lowRegion);
        Assert.Equal(lowRegion, highRegion);
    }

    [Fact]
    public void ABoxReachingPastThePageIsClampedToIt()
    {
        var page = new OcrPage(100, 200, [Paragraph("Edge.", new OcrBox(90, 150, 30, 80))], 95);

        var region = OcrBlocks.FromPage(page, 1, [], new DocumentReadReport(), 60).Single().Region!.Value;

        Assert.Equal(0.9, region.Left, 9);
        Assert.Equal(0.75, region.Top, 9);
        Assert.Equal(0.1, region.Width, 9);
        Assert.Equal(0.25, region.Height, 9);
    }
}
