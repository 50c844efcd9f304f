using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using PdfPageSize = UglyToad.PdfPig.Content.PageSize;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Docent.Tests.Documents;

/// <summary>Generates PDF and DOCX fixtures in memory.</summary>
internal static class FixtureBuilders
{
    /// <summary>
    /// One line of a PDF page: text, point size, whether bold; a null text leaves a paragraph gap. A line with
    /// <paramref name="Y"/> is set at that height (points from the bottom) and leaves the running position alone.
    /// </summary>
    public sealed record PdfLine(string? Text, double Size = 11, bool Bold = false, double? Y = null);

    public static byte[] BuildPdf(string? title, params IReadOnlyList<PdfLine>[] pages)
    {
        var builder = new PdfDocumentBuilder();
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PdfPageSize.A4);
            var y = 790.0;
            foreach (var line in lines)
            {
                if (line.Text is null)
                {
                    y -= 14;
                    continue;
                }

                page.AddText(line.Text, line.Size, new PdfPoint(60, line.Y ?? y), line.Bold ? bold : regular);
                if (line.Y is null)
                {
                    y -= line.Size * 1.35;
                }
            }
        }

        return builder.Build();
    }

    public static byte[] BuildPdfWithoutText()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PdfPageSize.A4);
        page.DrawRectangle(new PdfPoint(50, 50), 200, 100);
        return builder.Build();
    }

    /// <summary>A paragraph of a DOCX fixture: its style id (null for Normal), whether numbered, and text.</summary>
    public sealed record DocxParagraph(string? StyleId, string Text, bool Numbered = false);

    public static byte[] BuildDocx(string? title, IEnumerable<DocxParagraph> paragraphs, string[][]? table = null)
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                HeadingStyle("Title", "Title", null),
                HeadingStyle("Heading1", "heading 1", 0),
                HeadingStyle("Heading2", "heading 2", 1));
            var body = new Body();
            foreach (var paragraph in paragraphs)
            {
                var properties = new ParagraphProperties();
                if (paragraph.StyleId is not null)
                {
                    properties.Append(new ParagraphStyleId { Val = paragraph.StyleId });
                }

                if (paragraph.Numbered)
                {
                    properties.Append(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }));
                }

                body.Append(new Paragraph(properties, new Run(new WordText(paragraph.Text) { Space = SpaceProcessingModeValues.Preserve })));
            }

            if (table is not null)
            {
                body.Append(new Table(table.Select(row =>
                    new TableRow(row.Select(cell => new TableCell(new Paragraph(new Run(new WordText(cell)))))))));
            }

            main.Document = new Document(body);
            if (title is not null)
            {
                document.PackageProperties.Title = title;
            }
        }

        return memory.ToArray();
    }

    private static Style HeadingStyle(string id, string name, int? outlineLevel)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
        if (outlineLevel is { } level)
        {
            style.Append(new StyleParagraphProperties(new OutlineLevel { Val = level }));
        }

        return style;
    }
}
