using Docent.Text;

namespace Docent.Tests.Text;

public sealed class ChineseWordSegmenterTests
{
    private static List<string> Words(string text)
    {
        var words = new List<(int Start, int Length)>();
        ChineseWordSegmenter.Segment(text, 0, text.Length, words);
        return [.. words.Select(w => text.Substring(w.Start, w.Length))];
    }

    [Fact]
    public void Splits_a_run_into_dictionary_words_not_bigrams()
    {
        var words = Words("我们明天去北京参观博物馆");

        Assert.Contains("我们", words);
        Assert.Contains("明天", words);
        Assert.Contains("北京", words);
        Assert.DoesNotContain("们明", words);
        Assert.Equal("我们明天去北京参观博物馆", string.Concat(words));
    }

    [Fact]
    public void Offsets_are_relative_to_the_whole_text()
    {
        const string text = "Docent 文件大小 ok";
        var words = new List<(int Start, int Length)>();

        ChineseWordSegmenter.Segment(text, 7, 4, words);

        Assert.Equal(["文件", "大小"], words.Select(w => text.Substring(w.Start, w.Length)));
    }

    [Fact]
    public void A_hostile_megabyte_run_is_covered_in_bounded_windows()
    {
        var text = string.Concat(Enumerable.Repeat("我们明天去北京参观博物馆", 90_000));
        var words = new List<(int Start, int Length)>();

        ChineseWordSegmenter.Segment(text, 0, text.Length, words);

        Assert.Equal(text.Length, words.Sum(w => w.Length));
        Assert.All(words, w => Assert.InRange(w.Length, 1, ChineseWordSegmenter.WindowLength));
    }

    [Fact]
    public void Is_safe_to_call_from_many_threads_at_once()
    {
        const string text = "我们明天去北京参观博物馆";
        var expected = Words(text);

        var results = new List<string>[16];
        Parallel.For(0, results.Length, i => results[i] = Words(text));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
