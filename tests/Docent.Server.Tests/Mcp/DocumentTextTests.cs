using Docent.Chunking;
using Docent.Server.Mcp;

namespace Docent.Server.Tests.Mcp;

/// <summary>A document resource's text is put back together from its passages by their spans: overlaps once, gaps as a blank line.</summary>
public sealed class DocumentTextTests
{
    private static Chunk At(int ordinal, long start, string text) => new($"d:{ordinal}", "d", ordinal, text, [], null, new TextSpan(start, text.Length), 1);

    [Fact]
    public void AdjacentPassages_AreJoinedAsTheyWere()
    {
        Assert.Equal("# Leave\nFull-time staff get 27 days.", DocentResources.TextOf([At(0, 0, "# Leave\n"), At(1, 8, "Full-time staff get 27 days.")]));
    }

    [Fact]
    public void OverlappingPassages_GiveTheSharedTextOnce_InSpanOrder()
    {
        // "one two three four five", cut into "one two three" and "three four five" (from 8).
        var text = DocentResources.TextOf([At(1, 8, "three four five"), At(0, 0, "one two three")]);

        Assert.Equal("one two three four five", text);
    }

    [Fact]
    public void APassageInsideAnother_AddsNothing_AndAGap_IsABlankLine()
    {
        Assert.Equal("alpha beta gamma\n\ndelta", DocentResources.TextOf([At(0, 0, "alpha beta gamma"), At(1, 6, "beta"), At(2, 30, "delta")]));
    }
}
