using Spectre.Console;
using Spectre.Console.Rendering;

namespace Docent.Cli.Output;

/// <summary>
/// One logical line of human output — prose, ids and paths, each in its own style — that Spectre.Console renders at
/// the console's width through <see cref="TextWrapper"/>: wrapped with a hanging indent on a terminal, never inside an
/// id or a path, and not at all when the output goes to a file or a pipe (the console is then unlimited in width, see
/// <see cref="ConsoleWidth"/>). Built once, then rendered; not thread-safe while being built.
/// </summary>
internal sealed class StyledLine(int indent = 0) : IRenderable
{
    private readonly List<TextPiece> _pieces = [];

    /// <summary>Prose, which may break at its spaces.</summary>
    public StyledLine Text(string text, Style? style = null)
    {
        _pieces.Add(new TextPiece(text, style ?? Style.Plain));
        return this;
    }

    /// <summary>An id or a path: kept whole on one line. A space before or after it, if wanted, goes in the prose around it.</summary>
    public StyledLine Token(string text, Style? style = null)
    {
        _pieces.Add(new TextPiece(text, style ?? Style.Plain, TextPieceKind.Token));
        return this;
    }

    /// <summary>Exactly <paramref name="width"/> spaces (at least one), for aligned columns.</summary>
    public StyledLine Gap(int width)
    {
        _pieces.Add(new TextPiece(new string(' ', Math.Max(1, width)), Style.Plain, TextPieceKind.Gap));
        return this;
    }

    /// <summary>Continuation lines start where the next word starts.</summary>
    public StyledLine Hang()
    {
        _pieces.Add(new TextPiece("", Style.Plain, TextPieceKind.Hang));
        return this;
    }

    /// <summary>The lines this renders to at <paramref name="width"/>, as plain text.</summary>
    public IReadOnlyList<string> ToLines(int width) => TextWrapper.WrapToStrings(_pieces, width, indent, indent);

    public Measurement Measure(RenderOptions options, int maxWidth)
    {
        var longest = TextWrapper.WrapToStrings(_pieces, int.MaxValue, indent, indent).Max(l => l.GetCellWidth());
        return new Measurement(Math.Min(longest, maxWidth), Math.Min(longest, maxWidth));
    }

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        foreach (var line in TextWrapper.Wrap(_pieces, maxWidth, indent, indent))
        {
            foreach (var piece in line)
            {
                yield return new Segment(piece.Text, piece.Style);
            }

            yield return Segment.LineBreak;
        }
    }
}
