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
                (BlockKind.TableRow, "Item | Cost", "IT Support > Passwords"),
                (BlockKind.TableRow, "Laptop | 1,200", "IT Support > Passwords"),
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
}
