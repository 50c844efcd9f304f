using Docent.Text;

namespace Docent.Tests.Text;

public sealed class EnglishAnalyzerTests
{
    private static readonly EnglishAnalyzer Plain = new(new EnglishAnalyzerOptions { Stemming = false, RemoveStopWords = false });

    private static string[] Terms(ITextAnalyzer analyzer, string text) => analyzer.Analyze(text).Select(t => t.Term).ToArray();

    [Fact]
    public void Default_name_and_option_names_differ()
    {
        Assert.Equal("english-porter-v2", new EnglishAnalyzer().Name);
        Assert.Equal("english-allwords-v2", Plain.Name);
        Assert.NotEqual(new EnglishAnalyzer().Name, new EnglishAnalyzer(new EnglishAnalyzerOptions { Stemming = false }).Name);
    }

    [Fact]
    public void Lower_cases_stems_and_drops_stop_words()
    {
        Assert.Equal(["quick", "brown", "fox", "jump", "lazi", "dog"], Terms(new EnglishAnalyzer(), "The quick brown foxes jumped over THE lazy dogs."));
    }

    [Fact]
    public void Stop_words_keep_their_positions()
    {
        var tokens = new EnglishAnalyzer().Analyze("the cat and the hat");
        Assert.Equal([("cat", 1), ("hat", 4)], tokens.Select(t => (t.Term, t.Position)).ToArray());
    }

    [Fact]
    public void Token_spans_point_at_the_surface_form()
    {
        const string text = "  Caf\u00e9s, na\u00efve-ly John's 3.5%";
        var tokens = new EnglishAnalyzer().Analyze(text);
        Assert.Equal(["Caf\u00e9s", "na\u00efve", "ly", "John's", "3.5"], tokens.Select(t => text.Substring(t.Start, t.Length)).ToArray());
        Assert.Equal(["cafe", "naiv", "ly", "john", "3.5"], tokens.Select(t => t.Term).ToArray());
        Assert.Equal([0, 1, 2, 3, 4], tokens.Select(t => t.Position).ToArray());
    }

    [Theory]
    [InlineData("na\u00efve caf\u00e9 \u00c5ngstr\u00f6m", "naive cafe angstrom")]
    [InlineData("nai\u0308ve cafe\u0301", "naive cafe")]
    [InlineData("\ufb01nd the \ufb02ow", "find the flow")]
    [InlineData("\uff21\uff22\uff23 \uff11\uff12", "abc 12")]
    [InlineData("Stra\u00dfe \u00c6sir \u0141\u00f3d\u017a", "strasse aesir lodz")]
    [InlineData("x\u00b2 \u2460", "x2 1")]
    [InlineData("\u0391\u03b8\u03ae\u03bd\u03b1", "\u03b1\u03b8\u03b7\u03bd\u03b1")]
    public void Folds_diacritics_compatibility_forms_and_case(string text, string expected)
    {
        Assert.Equal(expected.Split(' '), Terms(Plain, text));
    }

    [Theory]
    [InlineData("state-of-the-art", "state of the art")]
    [InlineData("snake_case", "snake case")]
    [InlineData("don't won\u2019t", "dont wont")]
    [InlineData("John's the students' Jones's", "john the students jones")]
    [InlineData("it costs 3.5 or 10.25 units", "it costs 3.5 or 10.25 units")]
    [InlineData("version v1.2.3 shipped", "version v1.2.3 shipped")]
    [InlineData("1,000,000 and 1,2,3", "1000000 and 1 2 3")]
    [InlineData("end. 42. Next", "end 42 next")]
    [InlineData("email bob@example.com now", "email bob example com now")]
    [InlineData("'quoted' (words)", "quoted words")]
    [InlineData("\u0661\u0662 digits", "12 digits")]
    public void Tokenises_on_letters_and_digits(string text, string expected)
    {
        Assert.Equal(expected.Split(' '), Terms(Plain, text));
    }

    [Fact]
    public void Options_switch_stemming_and_stop_words()
    {
        const string text = "the running dogs";
        Assert.Equal(["run", "dog"], Terms(new EnglishAnalyzer(), text));
        Assert.Equal(["the", "run", "dog"], Terms(new EnglishAnalyzer(new EnglishAnalyzerOptions { RemoveStopWords = false }), text));
        Assert.Equal(["running", "dogs"], Terms(new EnglishAnalyzer(new EnglishAnalyzerOptions { Stemming = false }), text));
    }

    [Fact]
    public void Numbers_and_non_ascii_words_are_not_stemmed()
    {
        Assert.Equal(["3.5", "cafe", "\u03b1\u03b8\u03b7\u03bd\u03b1\u03c2"], Terms(new EnglishAnalyzer(), "3.5 caf\u00e9s \u03b1\u03b8\u03b7\u03bd\u03b1\u03c2"));
    }

    [Fact]
    public void Over_long_terms_are_dropped_but_keep_their_position()
    {
        var analyzer = new EnglishAnalyzer(new EnglishAnalyzerOptions { MaxTermLength = 10, Stemming = false });
        var tokens = analyzer.Analyze("short " + new string('x', 11) + " tail");
        Assert.Equal([("short", 0), ("tail", 2)], tokens.Select(t => (t.Term, t.Position)).ToArray());
    }

    [Fact]
    public void Long_terms_use_a_pooled_buffer()
    {
        var analyzer = new EnglishAnalyzer(new EnglishAnalyzerOptions { MaxTermLength = 1000, Stemming = false });
        string word = new('q', 900);
        Assert.Equal([word, "end"], Terms(analyzer, word + " end"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ... --- !!! ")]
    [InlineData("'")]
    public void Text_without_words_gives_no_tokens(string text)
    {
        Assert.Empty(new EnglishAnalyzer().Analyze(text));
    }

    [Fact]
    public void Same_text_gives_same_tokens_on_every_call()
    {
        var analyzer = new EnglishAnalyzer();
        var random = new Random(1234);
        string[] words = ["alpha", "Beta", "gamma's", "3.14", "na\u00efve", "the", "well-known", "don't", "\ufb01x"];
        string text = string.Join(' ', Enumerable.Range(0, 500).Select(_ => words[random.Next(words.Length)]));
        var first = analyzer.Analyze(text);
        Assert.Equal(first, analyzer.Analyze(text));

        // Positions increase by one per word, surfaces are in order and never overlap.
        for (int i = 1; i < first.Count; i++)
        {
            Assert.True(first[i].Position > first[i - 1].Position);
            Assert.True(first[i].Start >= first[i - 1].Start + first[i - 1].Length);
        }
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnglishAnalyzer(new EnglishAnalyzerOptions { MaxTermLength = 0 }));
    }

    [Fact]
    public void Chinese_text_is_indexed_as_overlapping_bigrams_with_their_spans()
    {
        const string Text = "ls命令显示文件大小。";
        var tokens = new EnglishAnalyzer().Analyze(Text);

        Assert.Equal(["ls", "命令", "令显", "显示", "示文", "文件", "件大", "大小"], tokens.Select(t => t.Term));
        Assert.All(tokens.Skip(1), t => Assert.Equal(t.Term, Text.Substring(t.Start, t.Length)));
        Assert.Equal(Enumerable.Range(0, 8), tokens.Select(t => t.Position));
    }

    [Fact]
    public void A_query_shares_bigrams_with_the_passage_that_answers_it_and_a_lone_character_stays_a_term()
    {
        var passage = Terms(new EnglishAnalyzer(), "使用 du 命令可以查看文件大小。");
        var query = Terms(new EnglishAnalyzer(), "文件大小");

        Assert.Equal(["文件", "件大", "大小"], query);
        Assert.All(query, term => Assert.Contains(term, passage));
        Assert.Equal(["猫", "cat"], Terms(new EnglishAnalyzer(), "猫 cat"));
        Assert.Equal(["東京", "京タ", "タワ", "ワー"], Terms(new EnglishAnalyzer(), "東京タワー")); // kanji and katakana run on
    }
}
