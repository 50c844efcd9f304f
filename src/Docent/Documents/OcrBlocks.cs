using Docent.Documents.Ocr;

namespace Docent.Documents;

/// <summary>
/// Turns one recognised page into paragraph blocks (Tesseract's paragraphs, words joined, a word broken by a hyphen at
/// a line end rejoined, each with its box as a <see cref="PageRegion"/>) and records it in the read report: the page's confidence, and a warning when it is low or the
/// page held no text. Shared by the image and PDF readers. Stateless.
/// </summary>
internal static class OcrBlocks
{
    public static List<DocumentBlock> FromPage(OcrPage page, int pageNumber, IReadOnlyList<string> headingPath, DocumentReadReport report, double lowConfidence)
    {
        report.PageRecognized(pageNumber, page.MeanConfidence);
        var blocks = new List<DocumentBlock>(page.Paragraphs.Count);
        foreach (var paragraph in page.Paragraphs)
        {
            var text = TextNormalizer.Normalize(Join(paragraph));
            if (text.Length > 0)
            {
                blocks.Add(new DocumentBlock(BlockKind.Paragraph, text, headingPath, pageNumber) { Region = RegionOf(paragraph.Box, page) });
            }
        }

        if (blocks.Count == 0)
        {
            report.Warn($"page {pageNumber}: OCR found no text");
        }
        else if (page.MeanConfidence < lowConfidence)
        {
            report.Warn($"page {pageNumber}: low OCR confidence ({page.MeanConfidence:0} of 100, below {lowConfidence:0}); its text may be wrong");
        }

        return blocks;
    }

    /// <summary>The paragraph's box as fractions of the page; null for a page of unknown size.</summary>
    private static PageRegion? RegionOf(OcrBox box, OcrPage page) =>
        page.Width > 0 && page.Height > 0 ? PageRegion.FromPixels(box.Left, box.Top, box.Width, box.Height, page.Width, page.Height) : null;

    private static string Join(OcrParagraph paragraph)
    {
        var text = new System.Text.StringBuilder();
        foreach (var line in paragraph.Lines)
        {
            var lineText = line.Text;
            if (text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && lineText.Length > 0 && char.IsLower(lineText[0]))
            {
                text.Length--; // "ware-" + "house" → "warehouse"
            }
            else if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(lineText);
        }

        return text.ToString();
    }
}
