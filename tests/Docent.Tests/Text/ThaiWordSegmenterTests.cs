using Docent.Text;

namespace Docent.Tests.Text;

public sealed class ThaiWordSegmenterTests
{
    private static List<(int Start, int Length)> Segment(string text, int start, int length)
    {
        var words = new List<(int Start, int Length)>();
        ThaiWordSegmenter.Segment(text, start, length, words);
        return words;
    }

    private static string[] Words(string text) =>
        Segment(text, 0, text.Length).Select(w => text.Substring(w.Start, w.Length)).ToArray();

    [Theory]
    [InlineData("ภาษาไทยเป็นภาษาที่", "ภาษา|ไทย|เป็น|ภาษา|ที่")]
    [InlineData("กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย", "กรุงเทพมหานคร|เป็น|เมือง|หลวง|ของ|ประเทศไทย")]
    [InlineData("นักเรียนไปโรงเรียนทุกวัน", "นักเรียน|ไป|โรงเรียน|ทุก|วัน")]
    [InlineData("แม่น้ำเจ้าพระยาไหลผ่านกรุงเทพฯ", "แม่น้ำ|เจ้าพระยา|ไหล|ผ่าน|กรุงเทพฯ")]
    public void Segments_real_Thai_into_dictionary_words(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Words(text));
    }

    [Fact]
    public void Reports_offsets_into_the_whole_string_for_a_run_inside_it()
    {
        const string text = "ABC ภาษาไทย 123";
        Assert.Equal([(4, 4), (8, 3)], Segment(text, 4, 7));
    }

    [Fact]
    public void Skips_pieces_without_a_letter_or_digit()
    {
        Assert.Equal(["ภาษา", "ไทย", "เป็น"], Words("ภาษา ไทย, เป็น"));
    }

    [Fact]
    public void A_run_longer_than_a_window_segments_exactly_as_its_pieces_do()
    {
        const string phrase = "ภาษาไทยเป็นภาษาที่";
        string text = string.Concat(Enumerable.Repeat(phrase, 200));
        Assert.True(text.Length > 3 * ThaiWordSegmenter.MaxWindow);

        string[] expected = Enumerable.Repeat("ภาษา|ไทย|เป็น|ภาษา|ที่".Split('|'), 200).SelectMany(w => w).ToArray();
        Assert.Equal(expected, Words(text));
    }

    [Fact]
    public void A_megabyte_of_Thai_without_a_space_is_cut_into_ordered_pieces_no_longer_than_a_window()
    {
        var random = new Random(15);
        var chars = new char[1_000_000];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('\u0E01' + random.Next(0x2E)); // consonants and vowels, in no dictionary order
        }

        string text = new(chars);
        var words = Segment(text, 0, text.Length);

        Assert.NotEmpty(words);
        int previousEnd = 0;
        foreach (var (start, length) in words)
        {
            Assert.True(start >= previousEnd, "pieces are in order and do not overlap");
            Assert.InRange(length, 1, ThaiWordSegmenter.MaxWindow);
            previousEnd = start + length;
        }

        Assert.True(previousEnd <= text.Length);
        Assert.True(words.Sum(w => w.Length) > text.Length / 2, "most of the text is covered by pieces");
    }

    [Fact]
    public void Threads_segmenting_at_once_get_the_same_words_as_one_thread()
    {
        string[] texts =
        [
            "ภาษาไทยเป็นภาษาที่", "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย", "นักเรียนไปโรงเรียนทุกวัน",
            "แม่น้ำเจ้าพระยาไหลผ่านกรุงเทพฯ",
        ];
        string[][] expected = texts.Select(Words).ToArray();
        var mismatches = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            string text = texts[i % texts.Length];
            if (!Words(text).SequenceEqual(expected[i % texts.Length]))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Rejects_a_run_outside_the_string()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Segment("ภาษา", 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Segment("ภาษา", -1, 2));
    }
}
