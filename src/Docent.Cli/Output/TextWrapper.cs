using Spectre.Console;

namespace Docent.Cli.Output;

/// <summary>
/// Lays styled text out in lines no wider than a given width, breaking only at spaces in prose: ids and paths
/// (<see cref="TextPieceKind.Token"/>) are never split (one longer than the line overflows it), continuation lines
/// start at a hanging indent, and no line ends in spaces. A newline in prose starts a new line at the hanging indent.
/// Widths are terminal cells (a CJK character counts two). Static; thread-safe.
/// </summary>
internal static class TextWrapper
{
    /// <summary>
    /// The lines of <paramref name="pieces"/> at most <paramref name="width"/> cells wide (except for a word wider than
    /// that), the first starting with <paramref name="indent"/> spaces and the others with <paramref name="hangingIndent"/>,
    /// or where a <see cref="TextPieceKind.Hang"/> mark puts them. A hanging indent deeper than half the width falls back
    /// to <paramref name="indent"/>, so a narrow terminal still gets readable lines.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TextPiece>> Wrap(IReadOnlyList<TextPiece> pieces, int width, int indent = 0, int hangingIndent = 0)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var lines = new List<IReadOnlyList<TextPiece>>();
        var line = new List<TextPiece>();
        var column = 0;
        var hang = hangingIndent;
        var lineIndent = indent;
        foreach (var word in Words(pieces))
        {
            for (var i = 0; i < word.BreaksBefore; i++)
            {
                lines.Add(line);
                line = [];
                lineIndent = Usable(hang, indent, width);
            }

            var space = line.Count == 0 ? 0 : word.SpaceBefore;
            var start = line.Count == 0 ? lineIndent : column + space;
            if (word.HangsHere && lines.Count == 0)
            {
                hang = start;
            }

            // Break before a word that does not fit, unless the next line would not give it more room (it overflows).
            if (line.Count > 0 && start + word.Width > width && Usable(hang, indent, width) < start)
            {
                lines.Add(line);
                line = [];
                lineIndent = Usable(hang, indent, width);
                space = 0;
            }

            if (line.Count == 0)
            {
                column = lineIndent;
                if (lineIndent > 0)
                {
                    line.Add(Spaces(lineIndent));
                }
            }
            else if (space > 0)
            {
                line.Add(Spaces(space));
                column += space;
            }

            line.AddRange(word.Fragments);
            column += word.Width;
        }

        lines.Add(line);
        return lines;
    }

    /// <summary>The lines of <see cref="Wrap"/> as plain strings (styles dropped).</summary>
    public static IReadOnlyList<string> WrapToStrings(IReadOnlyList<TextPiece> pieces, int width, int indent = 0, int hangingIndent = 0) =>
        Wrap(pieces, width, indent, hangingIndent).Select(l => string.Concat(l.Select(p => p.Text))).ToList();

    /// <summary>Plain prose wrapped at <paramref name="width"/>: the help text's paragraphs.</summary>
    public static IReadOnlyList<string> WrapToStrings(string text, int width, int indent = 0, int hangingIndent = 0) =>
        WrapToStrings([new TextPiece(text, Style.Plain)], width, indent, hangingIndent);

    /// <summary>Spaces a line may break at (not the no-break space).</summary>
    private static bool IsBreakingSpace(char c) => c is ' ' or '\t' or '\r';

    private static int Usable(int hang, int indent, int width) => hang > width / 2 ? indent : hang;

    private static TextPiece Spaces(int count) => new(new string(' ', count), Style.Plain);

    /// <summary>Splits the pieces into unbreakable words, each knowing the space (or line breaks) before it.</summary>
    private static List<Word> Words(IReadOnlyList<TextPiece> pieces)
    {
        var words = new List<Word>();
        Word? current = null;
        var space = 0;
        var breaks = 0;
        var hangs = false;

        void Finish()
        {
            if (current is not null)
            {
                words.Add(current);
                current = null;
            }
        }

        void Append(string text, Style style)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (current is null)
            {
                current = new Word { SpaceBefore = space, BreaksBefore = breaks, HangsHere = hangs };
                space = 0;
                breaks = 0;
                hangs = false;
            }

            current.Fragments.Add(new TextPiece(text, style));
            current.Width += text.GetCellWidth();
        }

        foreach (var piece in pieces)
        {
            switch (piece.Kind)
            {
                case TextPieceKind.Hang:
                    Finish();
                    hangs = true;
                    break;
                case TextPieceKind.Gap:
                    Finish();
                    space = Math.Max(space, piece.Text.Length);
                    break;
                case TextPieceKind.Token:
                    Append(piece.Text.ReplaceLineEndings(" "), piece.Style);
                    break;
                default:
                    var text = piece.Text;
                    var i = 0;
                    while (i < text.Length)
                    {
                        var c = text[i];
                        if (c == '\n')
                        {
                            Finish();
                            breaks++;
                            space = 0;
                            i++;
                        }
                        else if (IsBreakingSpace(c))
                        {
                            Finish();
                            space = Math.Max(space, 1);
                            i++;
                        }
                        else
                        {
                            var end = i;
                            while (end < text.Length && text[end] != '\n' && !IsBreakingSpace(text[end]))
                            {
                                end++;
                            }

                            Append(text[i..end], piece.Style);
                            i = end;
                        }
                    }

                    break;
            }
        }

        Finish();
        return words;
    }

    /// <summary>A run of text with no break opportunity inside.</summary>
    private sealed class Word
    {
        public List<TextPiece> Fragments { get; } = [];

        public int Width { get; set; }

        public int SpaceBefore { get; init; }

        public int BreaksBefore { get; init; }

        public bool HangsHere { get; init; }
    }
}
