using System.Text.RegularExpressions;
using Docent.Chunking;
using Docent.Documents;
using Docent.Tests.TestSupport;
using Docent.Text;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>
/// Passages from excerpts of real documents (Fixtures/real, see SOURCES.md): what a reader and the chunker
/// make of them carries none of the generators' and printers' furniture, and still carries the text.
/// </summary>
public sealed class RealDocumentPassageTests
{
    [Fact]
    public async Task Sphinx_html_passages_and_heading_paths_carry_no_permalink_marks()
    {
        var (chunks, _) = await PassagesAsync(new HtmlReader(), "python-policy-excerpt.html");

        Assert.DoesNotContain(chunks, c => c.Text.Contains('¶') || c.HeadingPath.Any(h => h.Contains('¶')));
        var stacks = Assert.Single(chunks, c => c.Text.Contains("Debian has previously supported two Python stacks", StringComparison.Ordinal));
        Assert.Equal(["Contents", "2. Completing the move to Python 3"], stacks.HeadingPath);
        Assert.Contains(chunks, c => c.HeadingPath.SequenceEqual(["Contents", "2. Completing the move to Python 3", "2.2. Unversioned python commands"]));
    }

    [Fact]
    public async Task Pdf_passages_carry_no_running_header_or_page_numbers()
    {
        // Pages 14–16 of the shared-mime-info spec: "Shared MIME-info Database" at the top of every page, the
        // page number at the bottom. Page 14's last sentence runs on to page 15 ("…perform the checks | is:").
        var (chunks, _) = await PassagesAsync(new PdfReader(), "shared-mime-info-spec-p14-16.pdf");

        Assert.DoesNotContain(chunks, c => c.Text.Contains("Shared MIME-info Database", StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => Regex.IsMatch(c.Text, @"(^|\n)\s*\d+\s*(\n|$)"));
        Assert.Contains(chunks, c => c.Text.Contains("the RECOMMENDED order to perform the checks", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Text.Contains("An inode/mount-point is a subclass of inode/directory.", StringComparison.Ordinal));
        Assert.Equal([1, 2, 3], chunks.Select(c => c.Page ?? 0).Distinct().Order());
    }

    [Fact]
    public async Task Man_page_passages_have_section_headings_and_no_header_or_footer()
    {
        // `man tail | col -b`: "TAIL(1) User Commands TAIL(1)" first, "GNU coreutils 9.1 September 2022 TAIL(1)" last.
        var (chunks, report) = await PassagesAsync(new PlainTextReader(), "tail.1.txt");

        Assert.DoesNotContain(chunks, c => c.Text.Contains("TAIL(1)", StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("GNU coreutils 9.1", StringComparison.Ordinal));
        Assert.Equal("TAIL(1) User Commands", report.Title);

        var description = chunks.First(c => c.HeadingPath.SequenceEqual(["DESCRIPTION"]));
        Assert.StartsWith("Print the last 10 lines of each FILE to standard output.", description.Text, StringComparison.Ordinal);
        Assert.Equal("tail - output the last part of files", Assert.Single(chunks, c => c.HeadingPath.SequenceEqual(["NAME"])).Text);
        Assert.Contains(chunks, c => c.HeadingPath.SequenceEqual(["SEE ALSO"]) && c.Text.StartsWith("head(1)", StringComparison.Ordinal));

        // No sentence an answer could quote starts with a section name.
        var sentences = chunks.SelectMany(c => new SentenceSplitter().Split(c.Text).Select(s => c.Text[s.Start..s.End]));
        Assert.DoesNotContain(sentences, s => Regex.IsMatch(s, "^(NAME|SYNOPSIS|DESCRIPTION|AUTHOR|SEE ALSO) "));
    }

    [Fact]
    public async Task Plain_text_readme_gets_heading_paths_from_underlined_headings_and_keeps_code_comments()
    {
        // liblocale-gettext-perl's README: "Changes\n-------" headings, and "# oo" comments above Perl lines.
        var (chunks, _) = await PassagesAsync(new PlainTextReader(), "locale-gettext-README.txt");

        Assert.Contains(chunks, c => c.HeadingPath.SequenceEqual(["Changes"]) && c.Text.Contains("1.07", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.HeadingPath.SequenceEqual(["Step 1"]) && c.Text.Contains("wrap the gettext() function", StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => c.Text.Contains("-------", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Text.Contains("# oo print $d->get(", StringComparison.Ordinal));
        Assert.DoesNotContain(chunks, c => c.HeadingPath.Contains("oo"));
    }

    private static async Task<(List<Chunk> Chunks, DocumentReadReport Report)> PassagesAsync(IDocumentReader reader, string fixture)
    {
        var path = RepositoryPaths.Fixture("real", fixture);
        var input = FromBytes(fixture, await File.ReadAllBytesAsync(path));
        var chunks = new List<Chunk>();
        await foreach (var chunk in new StructuredChunker().ChunkAsync("doc", reader.ReadAsync(input)))
        {
            chunks.Add(chunk);
        }

        return (chunks, input.Report);
    }
}
