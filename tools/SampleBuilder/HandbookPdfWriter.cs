using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Docent.SampleBuilder;

/// <summary>Lays out sample items as an A4 PDF with Helvetica: headings larger and bold, text wrapped by width. Stateless.</summary>
internal static class HandbookPdfWriter
{
    private const double Margin = 60;
    private const double BodySize = 10.5;
    private const double Top = 790;

    public static byte[] Write(string title, IReadOnlyList<SampleItem> items)
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = "Kestrel Bay Instruments";
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(PageSize.A4);
        var width = page.PageSize.Width - (2 * Margin);
        var y = Top;

        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case SampleItemKind.PageBreak:
                    page = builder.AddPage(PageSize.A4);
                    y = Top;
                    break;
                case SampleItemKind.Heading:
                    var size = item.Level == 1 ? 18 : 13.5;
                    y -= item.Level == 1 ? 0 : 8;
                    y = WriteWrapped(page, bold, item.Text, size, Margin, width, y);
                    y -= 6;
                    break;
                case SampleItemKind.Bullet:
                    page.AddText("-", BodySize, new PdfPoint(Margin + 6, y), regular);
                    y = WriteWrapped(page, regular, item.Text, BodySize, Margin + 18, width - 18, y);
                    y -= 4;
                    break;
                default:
                    y = WriteWrapped(page, regular, item.Text, BodySize, Margin, width, y);
                    y -= 9;
                    break;
            }
        }

        return builder.Build();
    }

    // Writes text wrapped at spaces to fit width; returns the baseline below the last line.
    private static double WriteWrapped(
        PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, string text, double size, double left, double width, double y)
    {
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Measure(page, font, candidate, size) > width)
            {
                page.AddText(line, size, new PdfPoint(left, y), font);
                y -= size * 1.3;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            page.AddText(line, size, new PdfPoint(left, y), font);
            y -= size * 1.3;
        }

        return y;
    }

    private static double Measure(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, string text, double size)
    {
        var letters = page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X - letters[0].StartBaseLine.X;
    }
}
