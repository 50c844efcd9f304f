using Docent.Documents;
using static Docent.Tests.Documents.FixtureBuilders;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

public sealed class PdfReaderTests
{
    private readonly PdfReader _reader = new();

    private static byte[] ThreePagePdf() => BuildPdf(
        "Travel Handbook",
        [
            new("Travel Handbook", 20, true),
            new(null),
            new("Booking", 14, true),
            new("Book flights through the travel desk at least"),
            new("fourteen days before departure."),
            new(null),
            new("Economy class is standard for flights under six hours."),
            new("- Window seats on request"),
            new("- Lounge access is not reimbursed"),
        ],
        [
            new("Per Diem", 14, true),
            new("The daily meal allowance is 55 euros in all cities."),
        ],
        [
            new("Receipts must be kept for seven years."),
        ]);

    [Fact]
    public async Task Reads_pages_with_page_numbers_paragraphs_and_heading_paths()
    {
        var input = FromBytes("travel.pdf", ThreePagePdf());

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal("Travel Handbook", input.Report.Title);
        Assert.Equal("pdf", input.Report.Format);
        var title = blocks[0];
        Assert.Equal((BlockKind.Heading, "Travel Handbook", 1, 1), (title.Kind, title.Text, title.HeadingLevel, title.Page));

        var booking = Assert.Single(blocks, b => b.Text == "Booking");
        Assert.Equal(BlockKind.Heading, booking.Kind);
        Assert.Equal("Travel Handbook > Booking", Path(booking));

        var paragraph = Assert.Single(blocks, b => b.Text.StartsWith("Book flights", StringComparison.Ordinal));
        Assert.Equal("Book flights through the travel desk at least fourteen days before departure.", paragraph.Text);
        Assert.Equal((BlockKind.Paragraph, 1), (paragraph.Kind, paragraph.Page));
        Assert.Equal("Travel Handbook > Booking", Path(paragraph));
        Assert.Contains(blocks, b => b.Text == "Economy class is standard for flights under six hours." && b.Page == 1);

        Assert.Equal(
            ["Window seats on request", "Lounge access is not reimbursed"],
            blocks.Where(b => b.Kind == BlockKind.ListItem).Select(b => b.Text));

        var perDiem = Assert.Single(blocks, b => b.Text.StartsWith("The daily meal", StringComparison.Ordinal));
        Assert.Equal(2, perDiem.Page);
        Assert.Equal("Travel Handbook > Per Diem", Path(perDiem));

        var receipts = Assert.Single(blocks, b => b.Text.StartsWith("Receipts", StringComparison.Ordinal));
        Assert.Equal(3, receipts.Page);
        Assert.Empty(input.Report.Warnings);
    }

    [Fact]
    public async Task Pdf_without_text_warns_and_yields_nothing()
    {
        var input = FromBytes("scan.pdf", BuildPdfWithoutText());

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Empty(blocks);
        Assert.Equal("no extractable text (scanned?)", Assert.Single(input.Report.Warnings));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public async Task Corrupt_pdf_throws_with_a_reason(string kind)
    {
        var bytes = kind == "garbage"
            ? "%PDF-1.7\nthis is not really a pdf at all\n%%EOF"u8.ToArray()
            : ThreePagePdf()[..200];

        var ex = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(_reader, FromBytes("bad.pdf", bytes)));

        Assert.StartsWith("damaged PDF: ", ex.Reason);
        Assert.Equal("bad.pdf", ex.Path);
    }

    [Fact]
    public async Task Damaged_pdfs_fail_or_warn_in_plain_words_never_with_library_internals()
    {
        var good = ThreePagePdf();
        var text = System.Text.Encoding.Latin1.GetString(good);
        var reasons = new List<string>();

        // Each reference, name or number in turn replaced by an operator, as a damaged file or a fuzzer would.
        var variants = System.Text.RegularExpressions.Regex.Matches(text, @"\d+ 0 R|/[A-Za-z]+|\b\d+\b")
            .Select(match => text[..match.Index] + "Tj" + text[(match.Index + match.Length)..]);
        foreach (var variant in variants)
        {
            var input = FromBytes("damaged.pdf", System.Text.Encoding.Latin1.GetBytes(variant));
            try
            {
                await ReadAllAsync(_reader, input);
            }
            catch (DocumentReadException ex)
            {
                reasons.Add(ex.Reason);
            }

            reasons.AddRange(input.Report.Warnings);
        }

        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.DoesNotMatch("UglyToad|System\\.|Exception|Index was out of range|Unable to cast", reason));
    }

    [Fact]
    public async Task Running_headers_footers_and_page_numbers_are_dropped_and_the_text_kept()
    {
        // Four pages, each with a running header above the text, "Page n of 4" and a bare page number below it.
        var pages = Enumerable.Range(1, 4).Select(n => (IReadOnlyList<PdfLine>)
        [
            new("Acme Travel Policy — Internal", 9, Y: 815),
            new($"Rule {n} says trains are booked {n} weeks ahead"),
            new("and paid for by the travel desk."),
            new($"Page {n} of 4", 9, Y: 40),
            new($"{n}", 9, Y: 25),
        ]).ToArray();
        var input = FromBytes("policy.pdf", BuildPdf(null, pages));

        var blocks = await ReadAllAsync(_reader, input);

        Assert.Equal(
            Enumerable.Range(1, 4).Select(n => ($"Rule {n} says trains are booked {n} weeks ahead and paid for by the travel desk.", (int?)n)),
            blocks.Select(b => (b.Text, b.Page)));
    }

    [Fact]
    public async Task A_line_repeated_on_fewer_than_half_the_pages_or_inside_the_page_stays()
    {
        // "Confidential" tops two of six pages; "See the appendix." repeats on every page, but inside the text.
        string[] openings = ["Trains first.", "Then flights.", "Hotels next.", "Meals after.", "Taxis later.", "Claims last."];
        var pages = openings.Select((opening, i) => (IReadOnlyList<PdfLine>)
        [
            .. i < 2 ? [new PdfLine("Confidential", 9, Y: 815)] : Array.Empty<PdfLine>(),
            new(opening),
            new("See the appendix."),
            new(opening.ToUpperInvariant()),
        ]).ToArray();

        var blocks = await ReadAllAsync(_reader, FromBytes("report.pdf", BuildPdf(null, pages)));

        Assert.Equal(2, blocks.Count(b => b.Text == "Confidential"));
        Assert.Equal(
            openings.Select(o => $"{o} See the appendix. {o.ToUpperInvariant()}"),
            blocks.Where(b => b.Text != "Confidential").Select(b => b.Text));
    }
}
