using System.Text;

namespace Docent.Documents;

/// <summary>
/// Turns a stream of decoded characters into plain-text blocks: paragraphs separated by blank lines, one
/// list item per line starting with "- ", "* ", "• " or "1. ", no block longer than the cap (over-long
/// lines and paragraphs are split at whitespace, so text without newlines still streams). Headings give
/// the blocks after them a heading path: a "#"/"##" line standing alone (a blank line or the file's end on
/// each side; a "#" line right above other text is a comment and stays text), a one-line paragraph
/// underlined with "===" or "---" (a "---" line under anything else is a separator and dropped), and, in a
/// man page rendered as text (its first line is "TAIL(1) … TAIL(1)"), the section names; the man page's
/// header and footer lines are dropped (see <see cref="PlainTextLines"/>). Repairs mojibake and normalises
/// each block. Not thread-safe: one instance per read.
/// </summary>
internal sealed class TextBlockAssembler(int maxBlockChars)
{
    private const int TitleScanChars = 200;
    private const int MaxTitleChars = 120;

    private readonly HeadingPathTracker _headings = new();
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _block = new();
    private BlockKind _kind = BlockKind.Paragraph;
    private bool _lineIsContinued;
    private bool _lastWasCr;
    private bool _sawFirstLine;

    // The man page's "TAIL(1)" tag once its header line was seen, else null.
    private string? _manTag;

    // A "#" line at the start of a paragraph, waiting for the next line to tell a heading from a comment.
    private (int Level, string Text, string Raw)? _pendingHeading;

    /// <summary>
    /// The title candidate: the first non-empty line when shorter than 120 characters (a heading's text
    /// without its "#" marks; a man page's header without the repeated tag, "TAIL(1) User Commands").
    /// </summary>
    public string? Title { get; private set; }

    /// <summary>Mojibake runs repaired so far.</summary>
    public int MojibakeRepairs { get; private set; }

    /// <summary>Consumes decoded characters, adding finished blocks to <paramref name="output"/>.</summary>
    public void Append(ReadOnlySpan<char> chars, List<DocumentBlock> output)
    {
        while (!chars.IsEmpty)
        {
            if (_lastWasCr && chars[0] == '\n')
            {
                chars = chars[1..];
                _lastWasCr = false;
                continue;
            }

            _lastWasCr = false;
            var end = chars.IndexOfAny('\n', '\r');
            if (end < 0)
            {
                _line.Append(chars);
                SplitOverlongLine(output);
                return;
            }

            _line.Append(chars[..end]);
            _lastWasCr = chars[end] == '\r';
            chars = chars[(end + 1)..];
            EndLine(output);
        }
    }

    /// <summary>Flushes what is left at the end of the input.</summary>
    public void Complete(List<DocumentBlock> output)
    {
        if (_line.Length > 0)
        {
            EndLine(output);
        }

        ResolvePendingHeading(null, output);
        Flush(output);
    }

    private void EndLine(List<DocumentBlock> output)
    {
        var line = _line.ToString();
        _line.Clear();
        AddLine(line, _lineIsContinued, output);
        _lineIsContinued = false;
    }

    private void SplitOverlongLine(List<DocumentBlock> output)
    {
        while (_line.Length > maxBlockChars)
        {
            var cut = CutPoint(_line, maxBlockChars);
            var piece = _line.ToString(0, cut);
            _line.Remove(0, cut);
            AddLine(piece, _lineIsContinued, output);
            _lineIsContinued = true;
        }
    }

    private void AddLine(string line, bool continuesPreviousPiece, List<DocumentBlock> output)
    {
        if (!continuesPreviousPiece)
        {
            ResolvePendingHeading(line, output);
            if (string.IsNullOrWhiteSpace(line))
            {
                Flush(output);
                return;
            }

            if (!_sawFirstLine && PlainTextLines.TryManHeader(line, out var tag, out var manTitle))
            {
                _sawFirstLine = true;
                _manTag = tag;
                Title = manTitle;
                return;
            }

            if (AddStructuralLine(line, output))
            {
                return;
            }

            ConsiderTitle(line);
            if (TryStripListMarker(line, out var item))
            {
                Flush(output);
                _kind = BlockKind.ListItem;
                line = item;
            }
            else if (_block.Length > 0)
            {
                _block.Append('\n');
            }
        }

        _block.Append(line);
        while (_block.Length > maxBlockChars)
        {
            var cut = CutPoint(_block, maxBlockChars);
            Emit(_block.ToString(0, cut), output);
            _block.Remove(0, cut);
        }
    }

    // Handles a heading, a man page's header or footer, or a separator line, and says whether it did.
    private bool AddStructuralLine(string line, List<DocumentBlock> output)
    {
        if (_manTag is not null)
        {
            if (PlainTextLines.IsManHeaderOrFooter(line, _manTag))
            {
                // Dropped without ending the paragraph: paginated output repeats them inside one.
                return true;
            }

            var manLevel = PlainTextLines.ManHeadingLevel(line);
            if (manLevel > 0)
            {
                Flush(output);
                EmitHeading(manLevel, line, output);
                return true;
            }

            return false;
        }

        if (_block.Length == 0 && PlainTextLines.TryAtxHeading(line, out var level, out var text))
        {
            ConsiderTitle(text);
            _pendingHeading = (level, text, line);
            return true;
        }

        if (!PlainTextLines.IsUnderline(line, out level))
        {
            return false;
        }

        if (_kind == BlockKind.Paragraph && _block.Length is > 0 and <= PlainTextLines.MaxHeadingChars
            && !_block.ToString().Contains('\n', StringComparison.Ordinal))
        {
            var heading = _block.ToString();
            _block.Clear();
            EmitHeading(level, heading, output);
        }
        else
        {
            Flush(output);
        }

        return true;
    }

    // Emits the waiting "#" heading when a blank line or the end follows it; otherwise (a comment over code or
    // a comment block, as in "# create the object" followed by a line of code) it is the first line of a paragraph.
    private void ResolvePendingHeading(string? nextLine, List<DocumentBlock> output)
    {
        if (_pendingHeading is not { } pending)
        {
            return;
        }

        _pendingHeading = null;
        if (string.IsNullOrWhiteSpace(nextLine))
        {
            EmitHeading(pending.Level, pending.Text, output);
        }
        else
        {
            _block.Append(pending.Raw);
        }
    }

    private void EmitHeading(int level, string raw, List<DocumentBlock> output)
    {
        var text = TextNormalizer.Normalize(MojibakeRepairer.Repair(raw, out var repairs));
        MojibakeRepairs += repairs;
        if (text.Length > 0)
        {
            output.Add(_headings.HeadingBlock(level, text));
        }
    }

    private void Flush(List<DocumentBlock> output)
    {
        if (_block.Length > 0)
        {
            Emit(_block.ToString(), output);
            _block.Clear();
        }

        _kind = BlockKind.Paragraph;
    }

    private void Emit(string raw, List<DocumentBlock> output)
    {
        var repaired = MojibakeRepairer.Repair(raw, out var repairs);
        MojibakeRepairs += repairs;
        var text = TextNormalizer.Normalize(repaired);
        if (text.Length > 0)
        {
            output.Add(_headings.Block(_kind, text));
        }
    }

    private void ConsiderTitle(string line)
    {
        if (_sawFirstLine)
        {
            return;
        }

        _sawFirstLine = true;
        var scanned = line.Length > TitleScanChars * 4 ? line[..(TitleScanChars * 4)] : line;
        var text = TextNormalizer.Normalize(MojibakeRepairer.Repair(scanned, out _));
        if (text.Length > TitleScanChars)
        {
            text = text[..TitleScanChars];
        }

        if (text.Length is > 0 and < MaxTitleChars)
        {
            Title = text;
        }
    }

    // Where to cut a too-long buffer: after the last whitespace before the cap, or at the cap when there is
    // none (never between the halves of a surrogate pair).
    private static int CutPoint(StringBuilder text, int max)
    {
        for (var i = max - 1; i > max / 2; i--)
        {
            if (text[i] is ' ' or '\t' or '\n')
            {
                return i + 1;
            }
        }

        return char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
    }

    private static bool TryStripListMarker(string line, out string item)
    {
        var trimmed = line.AsSpan().TrimStart();
        if (trimmed.StartsWith("- ") || trimmed.StartsWith("* ") || trimmed.StartsWith("• "))
        {
            item = trimmed[2..].ToString();
            return true;
        }

        var digits = 0;
        while (digits < trimmed.Length && digits < 4 && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        if (digits > 0 && trimmed.Length > digits + 1 && trimmed[digits] is '.' or ')' && trimmed[digits + 1] == ' ')
        {
            item = trimmed[(digits + 2)..].ToString();
            return true;
        }

        item = "";
        return false;
    }
}
