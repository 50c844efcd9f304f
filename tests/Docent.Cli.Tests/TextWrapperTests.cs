using Docent.Cli.Output;
using Spectre.Console;

namespace Docent.Cli.Tests;

/// <summary>Terminal-width layout: hanging indents, ids and paths never split, no trailing spaces, nothing wrapped when unlimited.</summary>
public sealed class TextWrapperTests
{
    private static TextPiece Words(string text) => new(text, Style.Plain);

    private static TextPiece Token(string text) => new(text, Style.Plain, TextPieceKind.Token);

    private static readonly TextPiece Hang = new("", Style.Plain, TextPieceKind.Hang);

    [Fact]
    public void Continuation_lines_keep_the_indent_of_the_first_lines_text()
    {
        var lines = TextWrapper.WrapToStrings([Words("[1]"), Words(" "), Hang, Words("one two three four five six seven eight")], width: 20, indent: 2, hangingIndent: 2);

        Assert.Equal(["  [1] one two three", "      four five six", "      seven eight"], lines);
    }

    [Fact]
    public void Ids_and_paths_are_never_split_and_overflow_when_longer_than_the_line()
    {
        var path = "handbook/travel-and-expenses-policy-2025.pdf";
        var lines = TextWrapper.WrapToStrings(
            [Words("1."), Words(" "), Hang, Token(path), Words(" p.3 (score 2.48,"), Words(" "), Token("710b9f4432d33d8e:1"), Words(")")], width: 30);

        Assert.Equal(["1. " + path, "   p.3 (score 2.48,", "   710b9f4432d33d8e:1)"], lines);
    }

    [Fact]
    public void A_token_may_contain_spaces_and_still_stays_whole()
    {
        var lines = TextWrapper.WrapToStrings([Words("removed"), Words(" "), Token("My Documents/annual leave.md")], width: 20);

        Assert.Equal(["removed", "My Documents/annual leave.md"], lines);
    }

    [Fact]
    public void No_line_ends_in_spaces_and_runs_of_spaces_in_prose_show_as_one()
    {
        var lines = TextWrapper.WrapToStrings("Bookings made later need   written approval.  Economy class is standard.", width: 24, indent: 3, hangingIndent: 3);

        Assert.All(lines, l => Assert.False(l.EndsWith(' '), $"\"{l}\""));
        Assert.All(lines, l => Assert.True(l.Length <= 24, $"\"{l}\""));
        Assert.Equal("Bookings made later need written approval. Economy class is standard.", string.Join(' ', lines.Select(l => l.Trim())));
    }

    [Fact]
    public void Gaps_align_columns_and_newlines_start_a_line_at_the_hanging_indent()
    {
        var lines = TextWrapper.WrapToStrings(
            [Words("added"), new TextPiece("    ", Style.Plain, TextPieceKind.Gap), Hang, Words("3\nsecond line")], width: 80);

        Assert.Equal(["added    3", "         second line"], lines);
    }

    [Fact]
    public void At_the_width_used_for_pipes_nothing_is_wrapped()
    {
        var text = string.Join(' ', Enumerable.Repeat("harbour", 200));

        var lines = TextWrapper.WrapToStrings(text, ConsoleWidth.Unlimited, indent: 3, hangingIndent: 3);

        Assert.Equal(["   " + text], lines);
    }

    [Fact]
    public void A_hanging_indent_deeper_than_half_the_line_falls_back_to_the_first_lines_indent()
    {
        var lines = TextWrapper.WrapToStrings([Words("a-very-long-label"), Words(" "), Hang, Words("alpha beta gamma")], width: 24);

        Assert.Equal(["a-very-long-label alpha", "beta gamma"], lines);
    }
}
