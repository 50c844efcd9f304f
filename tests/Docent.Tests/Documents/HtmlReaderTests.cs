using Docent.Documents;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

public sealed class HtmlReaderTests
{
    private readonly HtmlReader _reader = new();

    private const string Page = """
        <!DOCTYPE html>
        <html><head><title>IT Support</title><style>p { color: red }</style></head>
        <body>
          <header><a href="/">Home</a> <span>Site banner</span></header>
          <nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>
          <main>
            <h1>IT   Support</h1>
            <p>Call the <b>helpdesk</b> on extension <a href="tel:4357">4357</a>.<br>Open 24/7.</p>
            <div>Loose text in a div <span>with a span</span>
              <p>Inner paragraph.</p>
              trailing loose text
            </div>
            <h2>Passwords</h2>
            <ul><li>At least 14 characters<ul><li>nested rule</li></ul></li><li>Change yearly</li></ul>
            <pre><code>ssh user@host
          ls -la   
        </code></pre>
            <table><tr><th>Item</th><th>Cost</th></tr><tr><td>Laptop</td><td>1,200</td></tr></table>
            <blockquote><p>Security is everyone's job.</p></blockquote>
            <h3>Details</h3>
            <section>Section text.</section>
            <script>var secret = 1;</script>
            <noscript>Enable JS</noscript>
            <svg><text>svg words</text></svg>
            <template><p>template words</p></template>
            <p hidden>hidden words</p>
          </main>
          <footer>Copyright 2024</footer>
        </body></html>
        """;

    [Fact]
    public async Task Reads_content_blocks_and_drops_chrome_and_scripts()
    {
        var input = FromText("it.html", Page);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [
                (BlockKind.Heading, "IT Support", "IT Support"),
                (BlockKind.Paragraph, "Call the helpdesk on extension 4357. Open 24/7.", "IT Support"),
                (BlockKind.Paragraph, "Loose text in a div with a span", "IT Support"),
                (BlockKind.Paragraph, "Inner paragraph.", "IT Support"),
                (BlockKind.Paragraph, "trailing loose text", "IT Support"),
                (BlockKind.Heading, "Passwords", "IT Support > Passwords"),
                (BlockKind.ListItem, "At least 14 characters", "IT Support > Passwords"),
                (BlockKind.ListItem, "nested rule", "IT Support > Passwords"),
                (BlockKind.ListItem, "Change yearly", "IT Support > Passwords"),
                (BlockKind.Code, "ssh user@host\n  ls -la", "IT Support > Passwords"),
                (BlockKind.TableRow, "Item: Laptop; Cost: 1,200.", "IT Support > Passwords"),
                (BlockKind.Paragraph, "Security is everyone's job.", "IT Support > Passwords"),
                (BlockKind.Heading, "Details", "IT Support > Passwords > Details"),
                (BlockKind.Paragraph, "Section text.", "IT Support > Passwords > Details"),
            ],
            blocks.Select(b => (b.Kind, b.Text, Path(b))));
        Assert.Equal("IT Support", input.Report.Title);
        Assert.Equal("html", input.Report.Format);
    }

    [Fact]
    public async Task Title_falls_back_to_first_h1()
    {
        var input = FromText("x.html", "<html><body><p>intro</p><h1>Office Guide</h1><h1>Second</h1></body></html>");

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal("Office Guide", input.Report.Title);
        Assert.Equal("Second", blocks[^1].Text);
        Assert.Equal(["Second"], blocks[^1].HeadingPath);
    }

    [Theory]
    [InlineData("<table><tr><td>", 10_000)]
    [InlineData("<div>", 50_000)]
    [InlineData("<ul><li>", 100_000)]
    [InlineData("<span>", 50_000)]
    public async Task Deep_nesting_is_flattened_and_its_text_still_read(string open, int depth)
    {
        var html = "<html><body><p>before</p>" + string.Concat(Enumerable.Repeat(open, depth)) + "deepest words";
        var input = FromText("deep.html", html);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal("before", blocks[0].Text);
        Assert.Contains(blocks, b => b.Text.Contains("deepest words", StringComparison.Ordinal));
        Assert.Contains(input.Report.Warnings, w => w.Contains("nested deeper than 256 levels", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nesting_within_the_limit_keeps_its_structure_and_raises_no_warning()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 200)) + "<ul><li>item one<li>item two</ul>"
            + "<script>" + string.Concat(Enumerable.Repeat("<div>", 1000)) + "</script><p>after</p>";
        var input = FromText("ok.html", html);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [(BlockKind.ListItem, "item one"), (BlockKind.ListItem, "item two"), (BlockKind.Paragraph, "after")],
            blocks.Select(b => (b.Kind, b.Text)));
        Assert.Empty(input.Report.Warnings);
    }

    [Fact]
    public void Limiter_removes_only_the_tags_beyond_the_limit_and_ignores_tags_in_quotes_and_comments()
    {
        var html = "<div title='<div>'><!-- <div> --><div>a<div>b<br><p>c</p><div>d</div></div></div></div>"u8.ToArray();

        var limited = HtmlNestingLimiter.Limit(html, maxDepth: 2, out var removed);

        Assert.Equal(2, removed);
        Assert.Equal("<div title='<div>'><!-- <div> --><div>ab<br>cd</div></div>", System.Text.Encoding.UTF8.GetString(limited));
    }

    [Fact]
    public async Task Utf16_html_without_a_byte_order_mark_is_read()
    {
        var input = FromBytes("page.html", System.Text.Encoding.Unicode.GetBytes("<html><body><h1>Caf\u00e9 menu</h1><p>Soup of the day</p></body></html>"));

        var blocks = await ReadAllAsync(_reader, input);

        Assert.True(_reader.CanRead(input));
        Assert.Equal(["Caf\u00e9 menu", "Soup of the day"], blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task Permalink_marks_beside_headings_and_terms_are_dropped_but_links_with_words_stay()
    {
        var input = FromText("docs.html", """
            <h1>heapq — Heap queue algorithm<a class="headerlink" href="#module-heapq" title="Permalink to this headline">¶</a></h1>
            <h2 id="install">Install<a href="#install" class="hash-link" aria-label="Direct link to Install">​</a></h2>
            <h2 id="setup">Setup <a href="#setup">#</a></h2>
            <dl><dt id="heappush">heapq.heappush(heap, item)<a class="headerlink" href="#heappush">¶</a></dt>
            <dd>Push the value item onto the heap.</dd></dl>
            <p>See <a href="#install">Install</a>, note<a href="#fn1">1</a> and <a href="#x">§ 4</a>.</p>
            """);

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            [
                "heapq — Heap queue algorithm", "Install", "Setup", "heapq.heappush(heap, item)",
                "Push the value item onto the heap.", "See Install, note1 and § 4.",
            ],
            blocks.Select(b => b.Text));
        Assert.Equal("heapq — Heap queue algorithm > Setup", Path(blocks[3]));
    }
}
