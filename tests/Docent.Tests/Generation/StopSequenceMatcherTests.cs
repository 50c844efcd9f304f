using Docent.Generation;

namespace Docent.Tests.Generation;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void HoldsBackAPossibleStart_ThenStopsWithoutEmittingTheStopString()
    {
        var matcher = new StopSequenceMatcher(["\nUser:"]);
        Assert.Equal("Hello", matcher.Append("Hello"));
        Assert.Equal(" there", matcher.Append(" there\nUs")); // "\nUs" might begin "\nUser:"
        Assert.False(matcher.Stopped);
        Assert.Equal("", matcher.Append("er: more"));
        Assert.True(matcher.Stopped);
        Assert.Equal("\nUser:", matcher.StopSequence);
        Assert.Equal("", matcher.Append("anything"));
        Assert.Equal("", matcher.Flush());
    }

    [Fact]
    public void AFalseStartIsReleased()
    {
        var matcher = new StopSequenceMatcher(["<|im_end|>"]);
        Assert.Equal("a ", matcher.Append("a <|im"));
        Assert.Equal("<|im_start| b", matcher.Append("_start| b"));
        Assert.Equal("", matcher.Append("<"));
        Assert.Equal("<", matcher.Flush());
        Assert.False(matcher.Stopped);
    }

    [Fact]
    public void TheEarliestOfSeveralStopsWins_AndTextBeforeItInTheSamePieceIsEmitted()
    {
        var matcher = new StopSequenceMatcher(["END", "STOP", ""]);
        Assert.Equal("abc ", matcher.Append("abc STOP then END"));
        Assert.Equal("STOP", matcher.StopSequence);
    }

    [Fact]
    public void WithoutStopsEverythingPassesThrough()
    {
        var matcher = new StopSequenceMatcher([]);
        Assert.Equal("x\nUser:", matcher.Append("x\nUser:"));
        Assert.Equal("", matcher.Flush());
    }
}
