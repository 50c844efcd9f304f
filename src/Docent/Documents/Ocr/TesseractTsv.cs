using System.Globalization;

namespace Docent.Documents.Ocr;

/// <summary>
/// Parses Tesseract's TSV output (level, page, block, paragraph, line, word, left, top, width, height, confidence,
/// text) into <see cref="OcrPage"/>s: page rows give the frame size, word rows with text are grouped into lines and
/// paragraphs in the order Tesseract wrote them. Both engines produce this format, so they share this parser. Stateless.
/// </summary>
internal static class TesseractTsv
{
    public static List<OcrPage> Parse(string tsv)
    {
        var pages = new List<PageBuilder>();
        foreach (var rawLine in tsv.Split('\n'))
        {
            var fields = rawLine.TrimEnd('\r').Split('\t');
            if (fields.Length < 11 || !int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
            {
                continue; // the header row, or a blank line
            }

            var numbers = new int[10];
            for (var i = 0; i < 10; i++)
            {
                _ = int.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[i]);
            }

            var box = new OcrBox(numbers[6], numbers[7], numbers[8], numbers[9]);
            if (level == 1 || pages.Count == 0)
            {
                pages.Add(new PageBuilder(level == 1 ? box.Width : 0, level == 1 ? box.Height : 0));
            }

            var text = fields.Length > 11 ? fields[11].Trim() : "";
            if (level != 5 || text.Length == 0)
            {
                continue;
            }

            _ = double.TryParse(fields[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence);
            pages[^1].Add(numbers[2], numbers[3], numbers[4], new OcrWord(text, box, Math.Clamp(confidence, 0, 100)));
        }

        return [.. pages.Select(p => p.Build())];
    }

    private sealed class PageBuilder(int width, int height)
    {
        private readonly List<(int Block, int Paragraph, List<(int Line, List<OcrWord> Words)> Lines)> _paragraphs = [];

        public void Add(int block, int paragraph, int line, OcrWord word)
        {
            if (_paragraphs.Count == 0 || _paragraphs[^1].Block != block || _paragraphs[^1].Paragraph != paragraph)
            {
                _paragraphs.Add((block, paragraph, []));
            }

            var lines = _paragraphs[^1].Lines;
            if (lines.Count == 0 || lines[^1].Line != line)
            {
                lines.Add((line, []));
            }

            lines[^1].Words.Add(word);
        }

        public OcrPage Build()
        {
            var paragraphs = new List<OcrParagraph>(_paragraphs.Count);
            double sum = 0;
            var count = 0;
            foreach (var (block, _, lines) in _paragraphs)
            {
                var ocrLines = lines.Select(l => new OcrLine(l.Words, l.Words.Select(w => w.Box).Aggregate((a, b) => a.Union(b)))).ToList();
                paragraphs.Add(new OcrParagraph(block, ocrLines, ocrLines.Select(l => l.Box).Aggregate((a, b) => a.Union(b))));
                foreach (var word in lines.SelectMany(l => l.Words))
                {
                    sum += word.Confidence;
                    count++;
                }
            }

            return new OcrPage(width, height, paragraphs, count == 0 ? 0 : sum / count);
        }
    }
}
