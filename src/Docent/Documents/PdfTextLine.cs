using System.Text;

namespace Docent.Documents;

/// <summary>
/// One line of a PDF page as <see cref="PdfPageLayout"/> groups it: the words sharing a baseline, in content
/// order, with their mean point size and, where known, each word's horizontal extent (for <see cref="PdfTableDetector"/>).
/// Not thread-safe: built by one reader.
/// </summary>
internal sealed class PdfTextLine(double baseline)
{
    private readonly StringBuilder _text = new();
    private readonly List<PdfLineWord> _boxes = [];
    private double _sizeSum;
    private int _words;

    /// <summary>The baseline's height on the page, in points from the bottom.</summary>
    public double Baseline { get; } = baseline;

    /// <summary>The mean point size of the line's words.</summary>
    public double Size => _words == 0 ? 0 : _sizeSum / _words;

    /// <summary>The words joined by single spaces.</summary>
    public string Text => _text.ToString();

    /// <summary>The words with their horizontal extents, in content order (only those added with an extent).</summary>
    public IReadOnlyList<PdfLineWord> Words => _boxes;

    /// <summary>Appends a word set at <paramref name="wordSize"/> points, spanning <paramref name="left"/> to <paramref name="right"/> in <paramref name="font"/> when known.</summary>
    public void Add(string word, double wordSize, double left = double.NaN, double right = double.NaN, string? font = null)
    {
        if (!double.IsNaN(left) && !double.IsNaN(right))
        {
            _boxes.Add(new PdfLineWord(word, left, right, font ?? ""));
        }

        if (_text.Length > 0)
        {
            _text.Append(' ');
        }

        _text.Append(word);
        _sizeSum += wordSize;
        _words++;
    }
}
