using System.Text;
using Docent.Documents;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

public sealed class PlainTextReaderTests
{
    private readonly PlainTextReader _reader = new();

    [Fact]
    public async Task Splits_paragraphs_at_blank_lines_and_list_items_at_markers()
    {
        var input = FromText("notes.txt", "Office Guide\n\nThe office opens\nat 8:00.\n\n- badge required\n* visitors sign in\n• no pets\n12. Last step\r\n\r\nClosing   words.");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            ["Office Guide", "The office opens at 8:00.", "badge required", "visitors sign in", "no pets", "Last step", "Closing words."],
            blocks.Select(b => b.Text));
        Assert.Equal(
            [BlockKind.Paragraph, BlockKind.Paragraph, BlockKind.ListItem, BlockKind.ListItem, BlockKind.ListItem, BlockKind.ListItem, BlockKind.Paragraph],
            blocks.Select(b => b.Kind));
        Assert.All(blocks, b => Assert.Empty(b.HeadingPath));
        Assert.Equal("Office Guide", input.Report.Title);
        Assert.Equal("text", input.Report.Format);
        Assert.Empty(input.Report.Warnings);
    }

    [Fact]
    public async Task Long_first_line_is_not_a_title()
    {
        var input = FromText("a.txt", new string('x', 60) + " " + new string('y', 70) + "\n\nmore");

        await ReadAllAsync(_reader, input);

        Assert.Null(input.Report.Title);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Decodes_utf16_with_byte_order_mark(bool littleEndian)
    {
        Encoding encoding = littleEndian ? new UnicodeEncoding(false, true) : new UnicodeEncoding(true, true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes("Überblick ✅\n\nZweiter Absatz.")).ToArray();

        var blocks = await ReadAllAsync(_reader, FromBytes("u16.txt", bytes));

        Assert.Equal(["Überblick ✅", "Zweiter Absatz."], blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task Skips_utf8_byte_order_mark()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("Hello")).ToArray();

        var blocks = await ReadAllAsync(_reader, FromBytes("bom.txt", bytes));

        Assert.Equal("Hello", Assert.Single(blocks).Text);
    }

    [Fact]
    public async Task Counts_invalid_utf8_sequences_and_replaces_them()
    {
        var bytes = new List<byte>();
        for (var i = 0; i < 12; i++)
        {
            bytes.AddRange("word "u8.ToArray());
            bytes.Add(0xFF);
            bytes.Add((byte)' ');
        }

        var input = FromBytes("bad.txt", [.. bytes]);
        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(12, Assert.Single(blocks).Text.Count(c => c == '\uFFFD'));
        Assert.Equal("12 invalid UTF-8 byte sequences replaced", Assert.Single(input.Report.Warnings));
    }

    [Fact]
    public async Task Multibyte_characters_split_across_read_buffers_decode_intact()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("€ ", 50_000));
        var input = FromText("euro.txt", text);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(50_000, blocks.Sum(b => b.Text.Count(c => c == '€')));
        Assert.Empty(input.Report.Warnings);
    }

    [Theory]
    [InlineData("Task done âœ… and itâ€™s fine", "Task done ✅ and it’s fine")]
    [InlineData("Open 2020‚Äì2024 daily", "Open 2020–2024 daily")]
    [InlineData("CafÃ© crÃ¨me", "Café crème")]
    public async Task Repairs_utf8_mojibake(string broken, string expected)
    {
        var input = FromText("moji.txt", broken);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(expected, Assert.Single(blocks).Text);
        Assert.StartsWith("repaired mojibake", Assert.Single(input.Report.Warnings));
    }

    [Fact]
    public async Task Leaves_genuine_accented_text_alone()
    {
        var input = FromText("ok.txt", "Café, Größe, naïve — “quoted” ½ €5 Ünïcödé");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal("Café, Größe, naïve — “quoted” ½ €5 Ünïcödé", Assert.Single(blocks).Text);
        Assert.Empty(input.Report.Warnings);
    }

    [Fact]
    public async Task Normalises_to_nfc_and_collapses_whitespace()
    {
        var input = FromText("nfc.txt", "  cafe\u0301 \t\u00A0 ok\u200B  ");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal("caf\u00E9 ok", Assert.Single(blocks).Text);
    }

    [Fact]
    public async Task Text_without_newlines_is_split_into_capped_blocks_at_whitespace()
    {
        var words = Enumerable.Range(0, 40_000).Select(i => "w" + i).ToArray();
        var input = FromText("one-line.txt", string.Join(' ', words));

        var blocks = await ReadAllAsync(_reader, input);

        Assert.True(blocks.Count >= 9);
        Assert.All(blocks, b => Assert.InRange(b.Text.Length, 1, PlainTextReader.MaxBlockChars));
        Assert.Equal(words, blocks.SelectMany(b => b.Text.Split(' ')));
    }

    [Fact]
    public async Task Streams_large_input_without_reading_it_whole()
    {
        const long size = 30L * 1024 * 1024;
        var stream = new GeneratedTextStream("Paragraph of generated prose about lanterns and ferries.\n\n", size);
        var input = new DocumentInput("huge.txt", size, "Paragraph"u8.ToArray(), () => stream);

        DocumentBlock? first = null;
        await foreach (var block in _reader.ReadAsync(input))
        {
            first = block;
            break;
        }

        Assert.Equal("Paragraph of generated prose about lanterns and ferries.", first?.Text);
        Assert.InRange(stream.BytesRead, 1, 1024 * 1024);
    }

    [Fact]
    public async Task Streams_a_large_file_to_the_end_with_every_block_capped()
    {
        const long size = 3L * 1024 * 1024;
        var stream = new GeneratedTextStream("lantern ferry harbour ", size);
        var input = new DocumentInput("flat.txt", size, "lantern"u8.ToArray(), () => stream);

        long chars = 0;
        var count = 0;
        await foreach (var block in _reader.ReadAsync(input))
        {
            Assert.InRange(block.Text.Length, 1, PlainTextReader.MaxBlockChars);
            chars += block.Text.Length;
            count++;
        }

        Assert.Equal(size, stream.BytesRead);
        Assert.True(count > 90, $"only {count} blocks");
        Assert.InRange(chars, size - count - 2, size);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public async Task Utf16_without_a_byte_order_mark_is_detected_and_decoded(string encodingName)
    {
        var text = "R\u00e9sum\u00e9 of the meeting\n\nThe budget was approved on Tuesday.\n- print the minutes";
        var input = FromBytes("minutes.txt", Encoding.GetEncoding(encodingName).GetBytes(text));

        var blocks = await ReadAllAsync(_reader, input);

        Assert.True(_reader.CanRead(input));
        Assert.Equal(["R\u00e9sum\u00e9 of the meeting", "The budget was approved on Tuesday.", "print the minutes"], blocks.Select(b => b.Text));
        Assert.Empty(input.Report.Warnings);
    }

    [Fact]
    public async Task Hash_headings_standing_alone_give_the_blocks_after_them_a_heading_path()
    {
        var input = FromText("guide.txt", "# Team Guide\n\nWelcome aboard.\n\n## Laptops ##\n\nAsk IT for one.\n\n# create the client\nclient = Client()\n");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [
                (BlockKind.Heading, "Team Guide", "Team Guide"),
                (BlockKind.Paragraph, "Welcome aboard.", "Team Guide"),
                (BlockKind.Heading, "Laptops", "Team Guide > Laptops"),
                (BlockKind.Paragraph, "Ask IT for one.", "Team Guide > Laptops"),
                (BlockKind.Paragraph, "# create the client client = Client()", "Team Guide > Laptops"),
            ],
            blocks.Select(b => (b.Kind, b.Text, Path(b))));
        Assert.Equal([1, 0, 2, 0, 0], blocks.Select(b => b.HeadingLevel));
        Assert.Equal("Team Guide", input.Report.Title);
    }

    [Fact]
    public async Task Underlined_one_line_paragraphs_are_headings_and_other_rules_are_dropped()
    {
        var input = FromText("notes.txt", "Handbook\n========\n\nIntro text.\n\nTravel\n------\nBook early.\nTwo lines\nof text\n---\nAfter the rule.");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [
                (BlockKind.Heading, "Handbook", "Handbook"),
                (BlockKind.Paragraph, "Intro text.", "Handbook"),
                (BlockKind.Heading, "Travel", "Handbook > Travel"),
                (BlockKind.Paragraph, "Book early. Two lines of text", "Handbook > Travel"),
                (BlockKind.Paragraph, "After the rule.", "Handbook > Travel"),
            ],
            blocks.Select(b => (b.Kind, b.Text, Path(b))));
    }

    [Fact]
    public async Task Man_page_text_loses_its_header_and_footer_and_gets_section_headings()
    {
        // As `man uniq | col -b` prints it, with the header repeated where paginated output breaks a page.
        var page = string.Join('\n',
            "UNIQ(1)\t\t\t User Commands\t\t\t       UNIQ(1)",
            "",
            "NAME",
            "       uniq - report or omit repeated lines",
            "",
            "DESCRIPTION",
            "       Filter adjacent matching lines from INPUT (or standard input),",
            "UNIQ(1)\t\t\t User Commands\t\t\t       UNIQ(1)",
            "       writing to OUTPUT (or standard output).",
            "",
            "   Exit status:",
            "       0      if OK,",
            "",
            "SEE ALSO",
            "       comm(1), join(1), sort(1), uniq(1)",
            "",
            "GNU coreutils 9.1\t\t September 2022\t\t       UNIQ(1)",
            "");
        var input = FromText("uniq.txt", page);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [
                (BlockKind.Heading, "NAME", "NAME"),
                (BlockKind.Paragraph, "uniq - report or omit repeated lines", "NAME"),
                (BlockKind.Heading, "DESCRIPTION", "DESCRIPTION"),
                (BlockKind.Paragraph, "Filter adjacent matching lines from INPUT (or standard input), writing to OUTPUT (or standard output).", "DESCRIPTION"),
                (BlockKind.Heading, "Exit status:", "DESCRIPTION > Exit status:"),
                (BlockKind.Paragraph, "0 if OK,", "DESCRIPTION > Exit status:"),
                (BlockKind.Heading, "SEE ALSO", "SEE ALSO"),
                (BlockKind.Paragraph, "comm(1), join(1), sort(1), uniq(1)", "SEE ALSO"),
            ],
            blocks.Select(b => (b.Kind, b.Text, Path(b))));
        Assert.Equal("UNIQ(1) User Commands", input.Report.Title);
    }

    [Fact]
    public async Task Capitals_and_hash_lines_are_text_in_files_that_are_not_man_pages()
    {
        var input = FromText("memo.txt", "MEMO TO ALL STAFF\nThe office closes at noon.\n\nNOTE\n#1 priority is safety.");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(["MEMO TO ALL STAFF The office closes at noon.", "NOTE #1 priority is safety."], blocks.Select(b => b.Text));
        Assert.All(blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
    }
}
