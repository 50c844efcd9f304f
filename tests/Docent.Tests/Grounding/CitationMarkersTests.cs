using Docent.Answering;
using Docent.Grounding;
using Docent.Text;

namespace Docent.Tests.Grounding;

public sealed class CitationMarkersTests
{
    [Theory]
    [InlineData("A [1].", "1")]
    [InlineData("A [1, 2].", "1,2")]
    [InlineData("A [1][3].", "1;3")]
    [InlineData("A [2-4].", "2,3,4")]
    [InlineData("A [ 5 ; 6 ].", "5,6")]
    [InlineData("In [2024] and [link](http://x) and [a].", "")]
    public void Markers_are_found_with_their_numbers(string text, string expected)
    {
        var found = string.Join(";", CitationMarkers.Find(text).Select(m => string.Join(",", m.Numbers)));

        Assert.Equal(expected, found);
    }

    [Fact]
    public void A_reply_of_only_the_not_found_sentence_is_recognised_loosely()
    {
        Assert.True(NotFoundReply.Is(Answer.NotFoundText));
        Assert.True(NotFoundReply.Is("  i could NOT find this in the documents [1]\n"));
        Assert.False(NotFoundReply.Is(Answer.NotFoundText + " But the policy says more."));
    }

    [Fact]
    public void Answer_sentences_own_the_markers_written_after_them()
    {
        const string Answer = "First claim. [1][2] Second claim.[3] Third claim [1].\n- Item one [2]\n- Item two [3]";
        var spans = AnswerSentences.Split(Answer, new SentenceSplitter());

        Assert.Equal(
            ["First claim. [1][2]", "Second claim.[3]", "Third claim [1].", "- Item one [2]", "- Item two [3]"],
            spans.Select(s => Answer.Substring(s.Start, s.Length)));
    }
}
