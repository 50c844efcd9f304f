using Docent.Text;

namespace Docent.Tests.Text;

public sealed class MultilingualAnalyzerTests
{
    private static readonly MultilingualAnalyzer Analyzer = new();

    private static string[] Terms(string text, string? language = null) =>
        Analyzer.Analyze(text, language is null ? null : new TextAnalysisOptions { Language = language }).Select(t => t.Term).ToArray();

    [Theory]
    [InlineData("The quick brown foxes jumped over THE lazy dogs, don't they? Version 3.5 costs 1,000 dollars.")]
    [InlineData("Configure the server's log level in docent.json; see RFC 2616 § 14.9 and ls(1).")]
    public void English_text_is_analysed_exactly_as_the_English_analyzer_does(string text)
    {
        Assert.Equal(new EnglishAnalyzer().Analyze(text), Analyzer.Analyze(text));
        Assert.Equal("multilingual-v1", Analyzer.Name);
    }

    [Fact]
    public void German_inflections_meet_at_one_stem()
    {
        // "sortiere" (the user's question) and "sortieren" (the man page) were two terms under the English analyzer.
        Assert.Equal(Terms("sortieren", "de"), Terms("sortiere", "de"));
        Assert.Equal(Terms("Datei", "de"), Terms("Dateien", "de"));
        Assert.Equal(Terms("Haus", "de"), Terms("Häuser", "de"));
        Assert.NotEqual(new EnglishAnalyzer().Analyze("sortiere").Single().Term, new EnglishAnalyzer().Analyze("sortieren").Single().Term);
    }

    [Fact]
    public void German_stop_words_are_dropped_and_words_folded_after_stemming()
    {
        Assert.Equal(["zeig", "grosst", "datei"], Terms("Zeige mir die größte der Dateien", "de"));
    }

    [Fact]
    public void Spanish_and_romanian_suffixes_are_stemmed_before_accents_are_folded()
    {
        Assert.Equal(Terms("información", "es"), Terms("informaciones", "es"));
        Assert.Equal(Terms("orașul", "ro"), Terms("orașului", "ro"));
    }

    [Fact]
    public void Russian_cases_meet_at_one_stem()
    {
        Assert.Equal(Terms("файлы", "ru"), Terms("файлов", "ru"));
        Assert.Equal(Terms("размер", "ru"), Terms("размера", "ru"));
    }

    [Fact]
    public void Arabic_articles_and_conjunctions_are_stripped()
    {
        // "the book", "and the book" and "book" are one term.
        var book = Terms("كتاب", "ar");
        Assert.Equal(book, Terms("الكتاب", "ar"));
        Assert.Equal(book, Terms("والكتاب", "ar"));
    }

    [Fact]
    public void Hindi_plural_and_oblique_forms_meet_and_vowel_signs_are_kept()
    {
        var book = Terms("किताब", "hi");
        Assert.Equal(book, Terms("किताबें", "hi"));
        Assert.Equal(book, Terms("किताबों", "hi"));

        // Vowel signs tell words apart: "कम" (less) and "काम" (work) stay two terms.
        Assert.NotEqual(Terms("कम", "hi"), Terms("काम", "hi"));
    }

    [Fact]
    public void Greek_accents_and_final_sigma_do_not_split_a_word()
    {
        Assert.Equal(Terms("ΑΡΧΕΙΟΣ", "el"), Terms("αρχείος", "el"));
    }

    [Fact]
    public void Turkish_dotless_i_is_lower_cased_as_turkish()
    {
        Assert.Equal(Terms("ışık", "tr"), Terms("IŞIK", "tr"));
    }

    [Fact]
    public void Vietnamese_tones_keep_syllables_apart()
    {
        // "mà" (but) and "má" (mother) differ only in tone.
        Assert.NotEqual(Terms("mà", "vi"), Terms("má", "vi"));
    }

    [Fact]
    public void Chinese_is_split_into_words_japanese_into_bigrams_and_numbers_and_codes_are_language_neutral()
    {
        // SmartCn finds the words 文件 (file) and 大小 (size); the bigram 件大 is not a word.
        Assert.Equal(["文件", "大小"], Terms("文件大小", "zh"));
        Assert.Equal(["文件", "大小"], Terms("文件的大小是多少", "zh")); // function and question words dropped
        Assert.Equal(["ファ", "ァイ", "イル"], Terms("ファイル", "ja"));
        foreach (var language in new[] { "de", "ru", "ar", "zh", "en" })
        {
            Assert.Equal(["rfc", "2616", "3.5"], Terms("RFC 2616 3.5", language));
        }
    }

    [Fact]
    public void Thai_is_split_into_dictionary_words_with_its_marks_kept()
    {
        // "ภาษาไทยเป็นภาษาที่สวยงาม": Thai | language | is | language | that | beautiful; ที่ and เป็น are stop words.
        Assert.Equal(["ภาษา", "ไทย", "ภาษา", "สวยงาม"], Terms("ภาษาไทยเป็นภาษาที่สวยงาม", "th"));
    }

    [Fact]
    public void The_language_is_identified_when_not_given()
    {
        Assert.Equal(Terms("Der Server sortiert die Dateien nach ihrer Größe.", "de"), Terms("Der Server sortiert die Dateien nach ihrer Größe."));
    }
}
