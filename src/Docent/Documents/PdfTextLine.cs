using System.Text;

namespace Docent.Documents;

/// <summary>
/// One line of a PDF page as <see cref="PdfPageLayout"/> groups it: the words sharing a baseline, in content
/// order, with their mean point size. Not thread-safe: built by one reader.
/// </summary>
internal sealed class PdfTextLine(double baseline)
{
    private readonly StringBuilder _text = new();
    private double _sizeSum;
    private int _words;

    /// <summary>The baseline's height on the page, in points from the bottom.</summary>
    public double Baseline { get; } = baseline;

    /// <summary>The mean point size of the line's words.</summary>
    public double Size => _words == 0 ? 0 : _sizeSum / _words;

    /// <summary>The words joined by single spaces.</summary>
    public string Text => _text.ToString();

    /// <summary>Appends a word set at <paramref name="wordSize"/> points.</summary>
    public void Add(string word, double wordSize)
    {
        if (_text.Length > 0)
        {
            _text.Append(' ');
        }

        _text.Append(word);
        _sizeSum += wordSize;
        _words++;
    }
}
