using Docent.Documents;
using Docent.Text;

namespace Docent.Tests.Documents;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("  a \t b\r\n\u00A0c  ", "a b c")]
    [InlineData("\u200B\uFEFF", "")]
    [InlineData(null, "")]
    [InlineData("e\u0301te\u0301", "\u00E9t\u00E9")]
    [InlineData("u\u0308\u0304", "\u01D6")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    public void Normalize_collapses_whitespace_and_composes(string? input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Normalize_replaces_lone_surrogates()
    {
        var input = "bad " + (char)0xD800 + " surrogate " + (char)0xDC00;

        Assert.Equal("bad \uFFFD surrogate \uFFFD", TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Fallback_composer_matches_for_common_decomposed_text()
    {
        Assert.Equal("Ångström naïve ñ Ệ", CanonicalComposer.Compose("A\u030Angstro\u0308m nai\u0308ve n\u0303 E\u0323\u0302"));
    }

    [Fact]
    public void NormalizeCode_keeps_indentation_and_trims_line_ends()
    {
        Assert.Equal("if (x)\n\treturn;\n\n  done", TextNormalizer.NormalizeCode("\n  \nif (x)   \r\n\treturn;\r\n\r\n  done  \n\n"));
    }

    [Fact]
    public void Heading_tracker_replaces_siblings_and_deeper_levels()
    {
        var tracker = new HeadingPathTracker();

        tracker.Enter(1, "A");
        tracker.Enter(2, "B");
        tracker.Enter(3, "C");
        Assert.Equal(["A", "B", "C"], tracker.Current);
        Assert.Equal(["A", "D"], tracker.Enter(2, "D"));
        Assert.Equal(["A", "D", "E"], tracker.Enter(4, "E"));
        Assert.Equal(["F"], tracker.Enter(1, "F"));
        var block = tracker.Block(BlockKind.Paragraph, "text");
        Assert.Equal(["F"], block.HeadingPath);
    }
}
