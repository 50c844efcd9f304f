using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Docent.SampleBuilder;

/// <summary>
/// Writes sample items as a Word document with real Title, Heading 1/2 and List Bullet styles and a bullet
/// numbering definition. Package relationship ids are random, so reruns differ in bytes but not in content.
/// Stateless.
/// </summary>
internal static class HandbookDocxWriter
{
    private static readonly DateTime FixedTime = new(2025, 1, 6, 9, 0, 0, DateTimeKind.Utc);

    public static byte[] Write(string title, IReadOnlyList<SampleItem> items)
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = BuildStyles();
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = BuildNumbering();
            var body = new Body();
            Table? table = null;
            foreach (var item in items)
            {
                if (item.Kind == SampleItemKind.TableRow)
                {
                    table ??= NewTable(body);
                    table.Append(new TableRow(item.Text.Split('|').Select(cell =>
                        new TableCell(new Paragraph(new Run(new WordText(cell.Trim())))))));
                    continue;
                }

                table = null;
                body.Append(item.Kind switch
                {
                    SampleItemKind.Heading => StyledParagraph(item.Level == 0 ? "Title" : $"Heading{item.Level}", item.Text),
                    SampleItemKind.Bullet => BulletParagraph(item.Text),
                    _ => StyledParagraph(null, item.Text),
                });
            }

            main.Document = new Document(body);
            document.PackageProperties.Title = title;
            document.PackageProperties.Creator = "Kestrel Bay Instruments";
            document.PackageProperties.Created = FixedTime;
            document.PackageProperties.Modified = FixedTime;
        }

        return memory.ToArray();
    }

    private static Table NewTable(Body body)
    {
        var border = new EnumValue<BorderValues>(BorderValues.Single);
        var table = new Table(new TableProperties(
            new TableBorders(
                new TopBorder { Val = border, Size = 4 }, new BottomBorder { Val = border, Size = 4 },
                new LeftBorder { Val = border, Size = 4 }, new RightBorder { Val = border, Size = 4 },
                new InsideHorizontalBorder { Val = border, Size = 4 }, new InsideVerticalBorder { Val = border, Size = 4 })));
        body.Append(table);
        return table;
    }

    private static Paragraph StyledParagraph(string? styleId, string text)
    {
        var paragraph = new Paragraph();
        if (styleId is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = styleId }));
        }

        paragraph.Append(new Run(new WordText(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    private static Paragraph BulletParagraph(string text) =>
        new(
            new ParagraphProperties(
                new ParagraphStyleId { Val = "ListBullet" },
                new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })),
            new Run(new WordText(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static Styles BuildStyles() => new(
        Style("Normal", "Normal", null, size: 22, bold: false, outline: null),
        Style("Title", "Title", "Normal", size: 48, bold: true, outline: null),
        Style("Heading1", "heading 1", "Normal", size: 32, bold: true, outline: 0),
        Style("Heading2", "heading 2", "Normal", size: 26, bold: true, outline: 1),
        Style("ListBullet", "List Bullet", "Normal", size: 22, bold: false, outline: null));

    private static Style Style(string id, string name, string? basedOn, int size, bool bold, int? outline)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
        style.Append(new StyleName { Val = name });
        if (basedOn is not null)
        {
            style.Append(new BasedOn { Val = basedOn });
        }

        var paragraphProperties = new StyleParagraphProperties(new SpacingBetweenLines { After = "120" });
        if (outline is { } level)
        {
            paragraphProperties.Append(new OutlineLevel { Val = level });
        }

        style.Append(paragraphProperties);
        var runProperties = new StyleRunProperties(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (bold)
        {
            runProperties.PrependChild(new Bold());
        }

        style.Append(runProperties);
        return style;
    }

    private static Numbering BuildNumbering() => new(
        new AbstractNum(
            new Level(
                new NumberingFormat { Val = NumberFormatValues.Bullet },
                new LevelText { Val = "•" },
                new PreviousParagraphProperties(new Indentation { Left = "720", Hanging = "360" }))
            { LevelIndex = 0 })
        { AbstractNumberId = 1 },
        new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 });
}
