using System.Text;
using UglyToad.PdfPig.Content;

namespace Docent.Documents;

/// <summary>
/// Groups a PDF page's words into lines (shared baseline) and lines into paragraphs (a baseline gap wider
/// than about one and a half lines, or a change of font size), starts a list item at a bullet glyph, and marks as headings the short lines set clearly
/// larger than the document's body text. The body size is the most common letter size seen so far, so the
/// judgement improves as pages stream by. Hand-written because PdfPig's layout tools give text blocks but no
/// heading levels. Lines are read first (<see cref="ReadLines"/>) and laid out afterwards (<see cref="Layout"/>),
/// so that running headers and footers can be taken out in between (<see cref="PdfRunningLines"/>). Lines that
/// <see cref="PdfTableDetector"/> finds to be a table become header-named row sentences (<see cref="DocumentTableWriter"/>).
/// Not thread-safe: one instance per document.
/// </summary>
internal sealed class PdfPageLayout(DocumentReadReport? report = null)
{
    private readonly DocumentReadReport _report = report ?? new DocumentReadReport();

    private const int MaxHeadingChars = 120;

    private readonly Dictionary<double, int> _sizeHistogram = [];

    /// <summary>Reads <paramref name="page"/>'s words grouped into lines, in content order.</summary>
    public static List<PdfTextLine> ReadLines(Page page) => GroupLines(page.GetWords());

    /// <summary>Lays page <paramref name="pageNumber"/>'s lines out as blocks, with heading paths from <paramref name="headings"/>.</summary>
    public List<DocumentBlock> Layout(IReadOnlyList<PdfTextLine> lines, int pageNumber, HeadingPathTracker headings)
    {
        foreach (var line in lines)
        {
            var size = Math.Round(line.Size * 2) / 2;
            _sizeHistogram[size] = _sizeHistogram.GetValueOrDefault(size) + line.Text.Length;
        }

        var bodySize = _sizeHistogram.Count == 0 ? 0 : _sizeHistogram.MaxBy(pair => pair.Value).Key;
        var blocks = new List<DocumentBlock>();
        var paragraph = new StringBuilder();
        PdfTextLine? previous = null;
        var kind = BlockKind.Paragraph;
        var level = 0;
        var tables = PdfTableDetector.Find(lines);
        int nextTable = 0;
        for (int index = 0; index < lines.Count; index++)
        {
            if (nextTable < tables.Count && tables[nextTable].FirstLine == index)
            {
                Emit(paragraph, kind, level, pageNumber, headings, blocks);
                var table = tables[nextTable++];
                var writer = new DocumentTableWriter(blocks, headings, _report, pageNumber);
                for (int row = 0; row < table.Rows.Count; row++)
                {
                    writer.AddRow([.. table.Rows[row].Select(cell => new TableGridCell(cell ?? ""))], isHeader: row == 0);
                }

                writer.Finish();
                index += table.LineCount - 1;
                previous = null;
                continue;
            }

            var line = lines[index];
            var headingLevel = HeadingLevel(line, bodySize);
            var text = line.Text;
            var isBullet = headingLevel == 0 && TryStripBullet(ref text);
            var startsNew = previous is null
                || isBullet
                || headingLevel != level
                || Math.Abs(line.Size - previous.Size) > 0.5
                || IsParagraphGap(previous, line);
            if (startsNew)
            {
                Emit(paragraph, kind, level, pageNumber, headings, blocks);
                kind = headingLevel > 0 ? BlockKind.Heading : isBullet ? BlockKind.ListItem : BlockKind.Paragraph;
                level = headingLevel;
            }

            AppendLine(paragraph, text);
            previous = line;
        }

        Emit(paragraph, kind, level, pageNumber, headings, blocks);
        return blocks;
    }

    // A line starting with a bullet glyph and a space begins a list item; the glyph is dropped.
    private static bool TryStripBullet(ref string text)
    {
        if (text.Length > 2 && text[0] is '•' or '-' or '*' or '–' or '▪' or '◦' or '·' && text[1] == ' ')
        {
            text = text[2..];
            return true;
        }

        return false;
    }

    // Baselines further apart than about one and a half lines (normal leading is 1.2–1.45), or a jump up
    // the page (a new column), start a new paragraph.
    private static bool IsParagraphGap(PdfTextLine previous, PdfTextLine line)
    {
        var gap = previous.Baseline - line.Baseline;
        return gap <= 0 || gap > 1.55 * Math.Max(previous.Size, line.Size);
    }

    private static int HeadingLevel(PdfTextLine line, double bodySize)
    {
        if (bodySize <= 0 || line.Text.Length > MaxHeadingChars)
        {
            return 0;
        }

        var ratio = line.Size / bodySize;
        return ratio switch
        {
            >= 1.5 => 1,
            >= 1.2 => 2,
            >= 1.1 => 3,
            _ => 0,
        };
    }

    private static void Emit(
        StringBuilder paragraph, BlockKind kind, int headingLevel, int page, HeadingPathTracker headings, List<DocumentBlock> blocks)
    {
        var text = TextNormalizer.Normalize(paragraph.ToString());
        paragraph.Clear();
        if (text.Length == 0)
        {
            return;
        }

        blocks.Add(kind == BlockKind.Heading ? headings.HeadingBlock(headingLevel, text, page) : headings.Block(kind, text, page));
    }

    // Joins a line to the paragraph; a word hyphenated across the line break is rejoined.
    private static void AppendLine(StringBuilder paragraph, string line)
    {
        if (paragraph.Length > 1 && paragraph[^1] == '-' && char.IsLetter(paragraph[^2]) && line.Length > 0 && char.IsLower(line[0]))
        {
            paragraph.Length--;
        }
        else if (paragraph.Length > 0)
        {
            paragraph.Append(' ');
        }

        paragraph.Append(line);
    }

    // Words in content order, a new line whenever the baseline moves by more than a third of the font size.
    private static List<PdfTextLine> GroupLines(IEnumerable<Word> words)
    {
        var lines = new List<PdfTextLine>();
        PdfTextLine? current = null;
        foreach (var word in words)
        {
            if (string.IsNullOrWhiteSpace(word.Text))
            {
                continue;
            }

            var box = word.BoundingBox;
            var size = word.Letters.Count > 0 ? word.Letters.Average(letter => letter.PointSize) : box.Height;
            var baseline = word.Letters.Count > 0 ? word.Letters[0].StartBaseLine.Y : box.Bottom;
            if (current is null || Math.Abs(baseline - current.Baseline) > Math.Max(size, 1) / 3)
            {
                current = new PdfTextLine(baseline);
                lines.Add(current);
            }

            current.Add(word.Text, size, box.Left, box.Right, word.FontName);
        }

        return lines;
    }
}
