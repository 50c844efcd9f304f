using Docent.Text;

namespace Docent.Tests.Text;

public sealed class SentenceSplitterTests
{
    private static readonly SentenceSplitter Splitter = new();

    private static string[] Sentences(string text) => Splitter.Split(text).Select(s => text.Substring(s.Start, s.Length)).ToArray();

    [Fact]
    public void Splits_at_terminal_punctuation_before_a_capital()
    {
        Assert.Equal(["One sentence.", "Another one!", "A question?", "The end"], Sentences("One sentence. Another one!  A question?\tThe end"));
    }

    [Fact]
    public void Splits_Chinese_at_full_width_terminals_with_no_space_after()
    {
        Assert.Equal(
            ["黑豹队的防守只丢了308分，在联盟中排名第六。", "他们还以24次拦截领先全联盟！", "谁是防守组的领袖？", "答案见下文"],
            Sentences("黑豹队的防守只丢了308分，在联盟中排名第六。他们还以24次拦截领先全联盟！谁是防守组的领袖？答案见下文"));
    }

    [Fact]
    public void Splits_Hindi_at_the_danda_and_Arabic_at_its_question_mark()
    {
        Assert.Equal(
            ["पैंथर्स की रक्षा ने केवल 308 अंक दिए।", "वे लीग में छठे स्थान पर रहे।"],
            Sentences("पैंथर्स की रक्षा ने केवल 308 अंक दिए। वे लीग में छठे स्थान पर रहे।"));
        Assert.Equal(
            ["من قاد الدفاع؟", "لوك كيكلي قاد الدفاع."],
            Sentences("من قاد الدفاع؟ لوك كيكلي قاد الدفاع."));
    }

    [Fact]
    public void Splits_Thai_at_a_space_between_Thai_once_the_sentence_is_long_enough()
    {
        const string first = "เชียงใหม่เป็นเมืองใหญ่ที่สุดในภาคเหนือของประเทศไทย และเป็นศูนย์กลางทางเศรษฐกิจ การศึกษา และวัฒนธรรมของภูมิภาคมาตั้งแต่สมัยอาณาจักรล้านนาเมื่อกว่าเจ็ดร้อยปีก่อน";
        const string second = "ตัวเมืองเก่าล้อมรอบด้วยคูน้ำและกำแพงอิฐ ซึ่งยังคงเหลือให้เห็นอยู่หลายแห่งจนถึงทุกวันนี้ และมีวัดเก่าแก่มากกว่าสามร้อยวัดกระจายอยู่ทั่วทั้งจังหวัด";
        const string third = "นักท่องเที่ยวนิยมมาเยือนในช่วงฤดูหนาว";
        Assert.Equal([first, second, third], Sentences(first + " " + second + "  " + third));
    }

    [Fact]
    public void Keeps_short_Thai_phrases_together()
    {
        Assert.Equal(["สวัสดีครับ ยินดีต้อนรับ สู่เชียงใหม่"], Sentences("สวัสดีครับ ยินดีต้อนรับ สู่เชียงใหม่"));
    }

    [Fact]
    public void Does_not_split_Thai_at_a_space_before_a_number_or_a_Latin_word()
    {
        const string text = "ประเทศไทยมีประชากรประมาณหกสิบหกล้านคนตามผลการสำรวจสำมะโนประชากรและเคหะทั่วประเทศที่จัดทำขึ้นโดยสำนักงานสถิติแห่งชาติเมื่อปี 2563 โดยอาศัยอยู่ในกรุงเทพมหานครและปริมณฑลมากกว่าสิบล้านคน";
        Assert.Equal([text], Sentences(text));
        const string latin = "ประเทศไทยมีประชากรประมาณหกสิบหกล้านคนตามผลการสำรวจสำมะโนประชากรและเคหะทั่วประเทศที่จัดทำขึ้นโดยสำนักงานสถิติแห่งชาติของไทย Bangkok เป็นชื่อที่ชาวต่างชาติใช้เรียกกรุงเทพมหานคร";
        Assert.Equal([latin], Sentences(latin));
    }

    [Fact]
    public void Does_not_split_before_a_lower_case_word()
    {
        Assert.Equal(["It was 5 p.m. and raining.", "Then it stopped."], Sentences("It was 5 p.m. and raining. Then it stopped."));
        Assert.Equal(["Wait... what happened?", "Nothing."], Sentences("Wait... what happened? Nothing."));
    }

    [Fact]
    public void Keeps_closing_quotes_and_brackets_with_the_sentence()
    {
        Assert.Equal(["He said \"Stop.\"", "(This is aside.)", "Then \u201cGo!\u201d", "Fine."], Sentences("He said \"Stop.\" (This is aside.) Then \u201cGo!\u201d Fine."));
    }

    [Fact]
    public void Starts_after_punctuation_before_a_digit_quote_or_bracket()
    {
        Assert.Equal(["Done.", "42 items left.", "\"Quoted.\"", "[Note] here."], Sentences("Done. 42 items left. \"Quoted.\" [Note] here."));
    }

    [Theory]
    [InlineData("See e.g. Chapter 3 for more.")]
    [InlineData("Apples, pears, i.e. Fruit, etc. Are good.")]
    [InlineData("Mr. Smith met Mrs. Jones and Dr. Who.")]
    [InlineData("Prof. Plum of Acme Inc. Visited Foo Ltd. And Bar Co. Today.")]
    [InlineData("It was Smith vs. Jones in No. 5 of Fig. 2 on Jan. 3 and Dec. 4 in St. Louis, U.S. Army.")]
    [InlineData("Written by J. R. R. Tolkien and J. Smith.")]
    [InlineData("Pi is 3.14 and the version is v1.2.3 now.")]
    [InlineData("Visit www.example.com or http://example.org/a.b?c=D. or mail bob.smith@example.com today.")]
    public void Does_not_split_after_abbreviations_initials_decimals_or_addresses(string text)
    {
        Assert.Equal([text], Sentences(text));
    }

    [Fact]
    public void Ends_at_a_url_or_number_that_closes_a_sentence()
    {
        Assert.Equal(["Go to example.com.", "It costs 3.50.", "Version 1.2.3!", "Done"], Sentences("Go to example.com. It costs 3.50. Version 1.2.3! Done"));
    }

    [Fact]
    public void Bullet_lines_are_each_a_sentence()
    {
        const string text = "Shopping list:\n- eggs. And more\n* milk\n\u2022 bread\n1. first\n12) twelfth\na) letter\nplain text after";
        Assert.Equal(
            ["Shopping list:", "- eggs. And more", "* milk", "\u2022 bread", "1. first", "12) twelfth", "a) letter", "plain text after"],
            Sentences(text));
    }

    [Fact]
    public void A_single_line_break_does_not_end_a_sentence_but_a_blank_line_does()
    {
        Assert.Equal(
            ["This sentence wraps\nonto the next line.", "Heading without dot", "Next paragraph"],
            Sentences("This sentence wraps\nonto the next line.\nHeading without dot\n\n  \nNext paragraph"));
        Assert.Equal(["no dot here", "lowercase start"], Sentences("no dot here\n\nlowercase start"));
    }

    [Fact]
    public void Indented_code_lines_are_each_one_sentence_never_split_at_dots()
    {
        const string text = "Example:\n\n    var x = a.B(); Y.Z();\n    return x. Value;\nAfter. Code";
        Assert.Equal(["Example:", "var x = a.B(); Y.Z();", "return x. Value;", "After.", "Code"], Sentences(text));
    }

    [Fact]
    public void A_fenced_block_is_one_sentence()
    {
        const string text = "Before it. Run this:\n```bash\necho Hi. There\n\nls. Done\n```\nAfter it. Yes";
        Assert.Equal(["Before it.", "Run this:", "```bash\necho Hi. There\n\nls. Done\n```", "After it.", "Yes"], Sentences(text));
    }

    [Fact]
    public void An_unclosed_fence_runs_to_the_end()
    {
        Assert.Equal(["Intro.", "~~~\ncode. More"], Sentences("Intro.\n~~~\ncode. More\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n\t ")]
    public void Blank_text_has_no_sentences(string text)
    {
        Assert.Empty(Splitter.Split(text));
    }

    [Fact]
    public void Handles_windows_line_endings()
    {
        Assert.Equal(["First one.", "- item", "Last."], Sentences("First one.\r\n- item\r\n\r\nLast.\r\n"));
    }

    [Fact]
    public void Spans_are_trimmed_ordered_disjoint_and_cover_every_non_space_character()
    {
        var random = new Random(42);
        string[] pieces =
        [
            "Hello world.", "e.g.", "Dr.", "3.14", "J.", "Smith", "ok!", "Why?", "\n", "\n\n", "- item", "\n- bullet",
            "    code.line()", "\n    indented.code", "```", "\n```\n", "\"Quote.\"", "(aside)", "www.x.org.", "and", "The", " ", "  ",
        ];
        for (int round = 0; round < 200; round++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)] + (random.Next(3) == 0 ? "" : " ")));
            var spans = Splitter.Split(text);
            var covered = new bool[text.Length];
            int previousEnd = 0;
            foreach (var span in spans)
            {
                Assert.True(span.Length > 0);
                Assert.True(span.Start >= previousEnd, $"overlap in {text}");
                Assert.False(char.IsWhiteSpace(text[span.Start]));
                Assert.False(char.IsWhiteSpace(text[span.End - 1]));
                for (int i = span.Start; i < span.End; i++)
                {
                    covered[i] = true;
                }

                previousEnd = span.End;
            }

            for (int i = 0; i < text.Length; i++)
            {
                Assert.True(covered[i] || char.IsWhiteSpace(text[i]), $"character {i} of '{text}' is in no sentence");
            }
        }
    }
}
