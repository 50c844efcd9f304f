using Docent.Answering.Extractive;
using Docent.Text;

namespace Docent.Tests.Answering;

public class SentenceLengthTests
{
    private static int Words(string sentence) => ExtractiveAnswerGenerator.CountWords(sentence, new SentenceSpan(0, sentence.Length));

    [Fact]
    public void A_Chinese_sentence_counts_one_word_per_two_characters_not_one_per_clause()
    {
        // 24 Han characters, two clauses: one "word" each between punctuation before the fix.
        const string sentence = "这座图书馆建于一九三零年，现在每天接待三千多名读者。";

        Assert.Equal(12, Words(sentence));
        Assert.Equal(1, ExtractiveAnswerGenerator.LengthFactor(Words(sentence)));
    }

    [Fact]
    public void Latin_digits_inside_Chinese_count_as_words_of_their_own()
    {
        // "Docent" and "2024", and five Han characters: three words.
        Assert.Equal(2 + 3, Words("Docent 在 2024 年发布了"));
    }

    [Fact]
    public void An_Arabic_sentence_counts_its_space_separated_words()
    {
        Assert.Equal(6, Words("افتتحت المكتبة الجديدة أبوابها في المدينة."));
    }
}
