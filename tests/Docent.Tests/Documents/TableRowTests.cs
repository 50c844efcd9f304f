using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static Docent.Tests.Documents.ReaderTestSupport;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Docent.Tests.Documents;

/// <summary>
/// Tables keep their structure in every format: the same per-diem table (a header, a region merged over two rows) made
/// as a real DOCX, HTML page, Markdown file and PDF reads as one header-named sentence a row, counts as one table in the
/// read report, and "What is the per-diem for Tokyo?" is answered and cited from the Tokyo row. The shared rule's edges
/// (empty cells, unnamed columns, wide rows, merged and repeated headers, layout tables) are pinned here too, and PDF
/// table detection is shown to leave prose alone.
/// </summary>
public sealed class TableRowTests
{
    // Amounts carry currency codes: the PDF fixture's standard fonts have no ¥ or € (the unit tests below use them).
    private static readonly string[] PerDiemRows =
    [
        "City: Lisbon; Region: Europe; Per diem: EUR 55; Hotel cap: EUR 140.",
        "City: Tokyo; Region: Asia; Per diem: JPY 20,000; Hotel cap: JPY 25,000.",
        "City: Osaka; Region: Asia; Per diem: JPY 18,000; Hotel cap: JPY 22,000.",
    ];

    private const string PerDiemMarkdown = """
        # Travel

        Daily allowances for trips abroad.

        | City | Region | Per diem | Hotel cap |
        | --- | --- | --- | --: |
        | Lisbon | Europe | EUR 55 | EUR 140 |
        | Tokyo | Asia | JPY 20,000 | JPY 25,000 |
        | Osaka | Asia | JPY 18,000 | JPY 22,000 |
        """;

    // A layout table wraps the data table (which must still be read as a table); "Asia" spans two rows and the header
    // sits in <thead>.
    private const string PerDiemHtml = """
        <html><body><h1>Travel</h1>
        <table><tr><td>
          <p>Daily allowances for trips abroad.</p>
          <table>
            <thead><tr><th>City</th><th>Region</th><th>Per diem</th><th>Hotel cap</th></tr></thead>
            <tbody>
              <tr><td>Lisbon</td><td>Europe</td><td>EUR 55</td><td>EUR 140</td></tr>
              <tr><td>Tokyo</td><td rowspan="2">Asia</td><td>JPY 20,000</td><td>JPY 25,000</td></tr>
              <tr><td>Osaka</td><td>JPY 18,000</td><td>JPY 22,000</td></tr>
            </tbody>
          </table>
        </td></tr></table>
        </body></html>
        """;

    /// <summary>A Word document whose per-diem table has a w:tblHeader row, a title row spanning all columns (w:gridSpan) and "Asia" merged down (w:vMerge).</summary>
    internal static byte[] PerDiemDocx()
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            static W.TableCell Cell(string text, int span = 1, W.MergedCellValues? merge = null)
            {
                var properties = new W.TableCellProperties();
                if (span > 1)
                {
                    properties.Append(new W.GridSpan { Val = span });
                }

                if (merge is { } value)
                {
                    properties.Append(new W.VerticalMerge { Val = value });
                }

                return new W.TableCell(properties, new W.Paragraph(new W.Run(new W.Text(text))));
            }

            static W.TableRow Row(params W.TableCell[] cells) => new(cells);
            var header = Row(Cell("City"), Cell("Region"), Cell("Per diem"), Cell("Hotel cap"));
            header.PrependChild(new W.TableRowProperties(new W.TableHeader()));
            main.Document = new W.Document(new W.Body(
                new W.Paragraph(new W.ParagraphProperties(new W.OutlineLevel { Val = 0 }), new W.Run(new W.Text("Travel"))),
                new W.Paragraph(new W.Run(new W.Text("Daily allowances for trips abroad."))),
                new W.Table(
                    Row(Cell("Per-diem rates 2026", span: 4)),
                    header,
                    Row(Cell("Lisbon"), Cell("Europe"), Cell("EUR 55"), Cell("EUR 140")),
                    Row(Cell("Tokyo"), Cell("Asia", merge: W.MergedCellValues.Restart), Cell("JPY 20,000"), Cell("JPY 25,000")),
                    Row(Cell("Osaka"), Cell("", merge: W.MergedCellValues.Continue), Cell("JPY 18,000"), Cell("JPY 22,000")))));
        }

        return memory.ToArray();
    }

    /// <summary>A PDF whose per-diem table is set as text at column positions, a bold header over regular rows, between two paragraphs.</summary>
    internal static byte[] PerDiemPdf()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddText("Travel", 18, new PdfPoint(60, 780), bold);
        page.AddText("Daily allowances for trips abroad are set by the finance team.", 11, new PdfPoint(60, 750), regular);
        double[] columns = [60, 160, 260, 360];
        string[][] rows =
        [
            ["City", "Region", "Per diem", "Hotel cap"],
            ["Lisbon", "Europe", "EUR 55", "EUR 140"],
            ["Tokyo", "Asia", "JPY 20,000", "JPY 25,000"],
            ["Osaka", "Asia", "JPY 18,000", "JPY 22,000"],
        ];
        for (int row = 0; row < rows.Length; row++)
        {
            for (int column = 0; column < columns.Length; column++)
            {
                page.AddText(rows[row][column], 11, new PdfPoint(columns[column], 715 - (row * 16)), row == 0 ? bold : regular);
            }
        }

        page.AddText("Receipts are needed for hotel costs above the cap.", 11, new PdfPoint(60, 630), regular);
        return builder.Build();
    }

    public static TheoryData<string> Formats => ["docx", "html", "md", "pdf"];

    private static byte[] Fixture(string format) => format switch
    {
        "docx" => PerDiemDocx(),
        "html" => System.Text.Encoding.UTF8.GetBytes(PerDiemHtml),
        "md" => System.Text.Encoding.UTF8.GetBytes(PerDiemMarkdown),
        "pdf" => PerDiemPdf(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Each_row_of_a_real_table_is_a_sentence_naming_its_values_by_header(string format)
    {
        var input = FromBytes("rates." + format, Fixture(format));
        var reader = DocumentReaderSelector.CreateDefault().Select(input).Reader;
        Assert.NotNull(reader);

        var blocks = await ReadAllAsync(reader, input);

        Assert.Equal(PerDiemRows, blocks.Where(b => b.Kind == BlockKind.TableRow).Select(b => b.Text));
        Assert.Equal(1, input.Report.Tables);
        Assert.All(blocks.Where(b => b.Kind == BlockKind.TableRow), b => Assert.Equal(["Travel"], b.HeadingPath));
        Assert.Contains(blocks, b => b.Kind == BlockKind.Paragraph && b.Text.StartsWith("Daily allowances", StringComparison.Ordinal));
        Assert.DoesNotContain(blocks, b => b.Text.Contains(" | ", StringComparison.Ordinal));
        if (format == "docx")
        {
            Assert.Contains(blocks, b => b.Kind == BlockKind.Paragraph && b.Text == "Per-diem rates 2026");
        }

        if (format == "pdf")
        {
            Assert.All(blocks, b => Assert.Equal(1, b.Page));
            Assert.Contains(blocks, b => b.Kind == BlockKind.Paragraph && b.Text.StartsWith("Receipts", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task The_per_diem_for_Tokyo_is_answered_and_cited_from_its_row(string format)
    {
        using var dir = new TempDirectory();
        dir.Write("docs/rates." + format, Fixture(format));
        dir.Write("docs/guide.md", "# Travel guide\n\nBook trains for trips under four hours. Expenses are filed within 30 days.\n");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        var report = await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions());
        Assert.Empty(report.Failed);

        var result = await folder.CreateAskPipeline().AskAsync("What is the per-diem for Tokyo?");

        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("20,000", result.Answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(result.Answer.Citations, c => c.Quote.Contains("Tokyo", StringComparison.Ordinal));
        Assert.Equal("docs/rates." + format, citation.ShownSource);
        Assert.StartsWith("City: Tokyo; Region: Asia; Per diem: JPY 20,000", citation.Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_names_values_by_header_skips_empty_cells_and_names_unnamed_columns()
    {
        Assert.Equal(
            ["City: Tokyo; Hotel cap: ¥25,000; Column 4: note."],
            TableRows.Sentences(null, ["Tokyo", "", "¥25,000", "note"], ["City", "Per diem", "Hotel cap"], TableRows.Document));

        // A first column without a header labels the row in documents; spreadsheets name it by letter and keep the row number.
        Assert.Equal(["Tokyo — Per diem: ¥20,000."], TableRows.Sentences(null, ["Tokyo", "¥20,000"], ["", "Per diem"], TableRows.Document));
        Assert.Equal(["Row 3 — A: Tokyo; Per diem: 85."], TableRows.Sentences("Row 3", ["Tokyo", "85"], [null, "Per diem"], TableRows.Spreadsheet));
        Assert.Empty(TableRows.Sentences(null, ["", " ", null], ["a", "b", "c"], TableRows.Document));
        Assert.Equal("Tokyo: ¥20,000 | ¥25,000.", TableRows.Unnamed(["Tokyo", null, "¥20,000", "¥25,000"]));
    }

    [Fact]
    public void A_wide_row_is_split_into_bounded_sentences_that_each_say_which_row_they_are()
    {
        int width = (TableRows.MaxCellsPerSentence * 2) + 5;
        var header = Enumerable.Range(0, width).Select(i => (string?)$"H{i}").ToList();
        var cells = Enumerable.Range(0, width).Select(i => (string?)$"v{i}").ToList();
        header[0] = new string('x', TableRows.MaxHeaderChars + 50);

        var sentences = TableRows.Sentences("Row 9", cells, header, TableRows.Spreadsheet).ToList();

        Assert.Equal(3, sentences.Count);
        string anchor = $"Row 9 — {new string('x', TableRows.MaxHeaderChars)}…: v0";
        Assert.StartsWith(anchor + "; H1: v1", sentences[0], StringComparison.Ordinal);
        Assert.All(sentences.Skip(1), s => Assert.StartsWith(anchor + " (continued) — ", s, StringComparison.Ordinal));
        Assert.EndsWith($"H{width - 1}: v{width - 1}.", sentences[2], StringComparison.Ordinal);
        Assert.Equal(width, sentences.Sum(s => s.Split("; ").Length)); // every value once (a continuation's anchor joins its first value)
        Assert.NotNull(TableRows.WidthWarning(width, "table 1"));
        Assert.Null(TableRows.WidthWarning(TableRows.MaxCellsPerSentence, "table 1"));
    }

    [Fact]
    public void The_writer_repeats_merged_cells_joins_header_rows_and_drops_repeated_headers()
    {
        var (blocks, report) = Write(writer =>
        {
            writer.AddRow([Cell("City", rowSpan: 2), Cell("Costs", columnSpan: 2)], isHeader: true);
            writer.AddRow([Cell("Meals"), Cell("Hotel")], isHeader: true);
            writer.AddRow([Cell("Tokyo"), Cell("¥20,000"), Cell("¥25,000", rowSpan: 2)]);
            writer.AddRow([Cell("Osaka"), Cell("¥18,000")]);
        });

        Assert.Equal(
            [
                "City: Tokyo; Costs / Meals: ¥20,000; Costs / Hotel: ¥25,000.",
                "City: Osaka; Costs / Meals: ¥18,000; Costs / Hotel: ¥25,000.",
            ],
            blocks.Select(b => b.Text));
        Assert.Equal(1, report.Tables);

        (blocks, _) = Write(writer =>
        {
            writer.AddRow([Cell("City"), Cell("Per diem")]);
            writer.AddRow([Cell("Tokyo"), Cell("¥20,000")]);
            writer.AddRow([Cell("City"), Cell("Per diem")]); // the header again, as on a new page
            writer.AddRow([Cell("Kansai", columnSpan: 2)]); // a label across the table between groups of rows
            writer.AddRow([Cell("Osaka"), Cell("¥18,000")]);
        });
        Assert.Equal(
            [(BlockKind.TableRow, "City: Tokyo; Per diem: ¥20,000."), (BlockKind.Paragraph, "Kansai"), (BlockKind.TableRow, "City: Osaka; Per diem: ¥18,000.")],
            blocks.Select(b => (b.Kind, b.Text)));
    }

    [Fact]
    public void Layout_tables_of_one_column_or_one_row_are_paragraphs_and_count_as_no_table()
    {
        var (blocks, report) = Write(writer =>
        {
            writer.AddRow([Cell("Welcome to the travel portal.")]);
            writer.AddRow([Cell("Book early.")]);
        });
        Assert.Equal([(BlockKind.Paragraph, "Welcome to the travel portal."), (BlockKind.Paragraph, "Book early.")], blocks.Select(b => (b.Kind, b.Text)));
        Assert.Equal(0, report.Tables);

        (blocks, report) = Write(writer => writer.AddRow([Cell("Logo"), Cell("Travel policy 2026")]));
        Assert.Equal([(BlockKind.Paragraph, "Logo"), (BlockKind.Paragraph, "Travel policy 2026")], blocks.Select(b => (b.Kind, b.Text)));
        Assert.Equal(0, report.Tables);
    }

    [Fact]
    public async Task A_wide_table_warns_once_and_keeps_every_value()
    {
        int width = 40;
        string markdown = "| " + string.Join(" | ", Enumerable.Range(1, width).Select(i => $"H{i}")) + " |\n"
            + "|" + string.Concat(Enumerable.Repeat(" --- |", width)) + "\n"
            + "| " + string.Join(" | ", Enumerable.Range(1, width).Select(i => $"v{i}")) + " |\n";
        var input = FromText("wide.md", markdown);

        var rows = (await ReadAllAsync(new MarkdownReader(), input)).Where(b => b.Kind == BlockKind.TableRow).ToList();

        Assert.Equal(2, rows.Count);
        Assert.StartsWith("H1: v1; H2: v2", rows[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("H1: v1 (continued) — H25: v25", rows[1].Text, StringComparison.Ordinal);
        Assert.Contains("table of 40 columns", Assert.Single(input.Report.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_table_of_row_headers_keeps_its_cells_joined_behind_the_label()
    {
        var input = FromText("facts.html", "<table><tr><th>Capital</th><td>Tokyo</td></tr><tr><th>Currency</th><td>Yen</td></tr></table>");

        var blocks = await ReadAllAsync(new HtmlReader(), input);

        Assert.Equal([(BlockKind.TableRow, "Capital: Tokyo."), (BlockKind.TableRow, "Currency: Yen.")], blocks.Select(b => (b.Kind, b.Text)));
        Assert.Equal(1, input.Report.Tables);
    }

    [Fact]
    public async Task Pdf_prose_side_by_side_and_option_lists_are_not_tables()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        string[] left = ["Travel is booked through the portal", "at least two weeks before the trip", "and approved by the line manager", "who checks the budget for the year"];
        string[] right = ["Receipts are kept for seven years", "and scanned into the expenses tool", "before the end of each month so that", "finance can close the books on time"];
        for (int i = 0; i < left.Length; i++)
        {
            page.AddText(left[i], 10, new PdfPoint(50, 780 - (i * 13)), font);
            page.AddText(right[i], 10, new PdfPoint(310, 780 - (i * 13)), font);
        }

        string[][] options = [["-c, --check", "checks the syntax only"], ["-o, --output=FILE", "output file"], ["-h, --help", "display this help and exit"]];
        for (int i = 0; i < options.Length; i++)
        {
            page.AddText(options[i][0], 10, new PdfPoint(50, 700 - (i * 13)), font);
            page.AddText(options[i][1], 10, new PdfPoint(200, 700 - (i * 13)), font);
        }

        var input = FromBytes("prose.pdf", builder.Build());
        var blocks = await ReadAllAsync(new PdfReader(), input);

        Assert.DoesNotContain(blocks, b => b.Kind == BlockKind.TableRow);
        Assert.Equal(0, input.Report.Tables);
        Assert.Contains(blocks, b => b.Text.Contains("Travel is booked through the portal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pdf_printed_by_chromium_gives_both_its_tables_and_leaves_its_two_column_prose_alone()
    {
        var path = RepositoryPaths.Fixture("tables", "chromium-travel-tables.pdf");
        var input = FromBytes(path, await File.ReadAllBytesAsync(path));

        var blocks = await ReadAllAsync(new PdfReader(), input);

        Assert.Equal(
            [
                "City: Lisbon; Per diem: €55; Hotel cap: €140.",
                "City: Tokyo; Per diem: ¥20,000; Hotel cap: ¥25,000.",
                "City: Osaka; Per diem: ¥18,000; Hotel cap: ¥22,000.",
                "Item: Taxi; Limit: 40.",
                "Item: Train; Limit: 120.",
            ],
            blocks.Where(b => b.Kind == BlockKind.TableRow).Select(b => b.Text));
        Assert.Equal(2, input.Report.Tables);
        // Chromium writes the two columns' lines side by side on shared baselines: exactly what must not become a table
        // (the line reading order across such columns is the layout's matter, not the detector's).
        Assert.Contains(blocks, b => b.Kind == BlockKind.Paragraph && b.Text.Contains("This paragraph is set in two columns", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Huge_spans_and_rows_thousands_of_cells_wide_stay_bounded()
    {
        var html = new System.Text.StringBuilder("<table><tr><th colspan=\"1000000\">Name</th><th>Value</th></tr>");
        html.Append("<tr><td rowspan=\"1000000\">merged</td>").Append(string.Concat(Enumerable.Repeat("<td>x</td>", 5000))).Append("</tr>");
        for (int i = 0; i < 200; i++)
        {
            html.Append("<tr><td>v").Append(i).Append("</td></tr>");
        }

        var input = FromText("huge.html", html.Append("</table>").ToString());
        var rows = (await ReadAllAsync(new HtmlReader(), input)).Where(b => b.Kind == BlockKind.TableRow).ToList();

        // Every row is cut at MaxColumns and split into sentences of at most MaxCellsPerSentence values.
        Assert.InRange(rows.Count, 201, 201 * ((TableRows.MaxColumns / TableRows.MaxCellsPerSentence) + 1));
        Assert.All(rows, r => Assert.InRange(r.Text.Split("; ").Length, 1, TableRows.MaxCellsPerSentence));
        Assert.Equal("Name: merged; Value: v199.", rows[^1].Text); // the rowspan still carried 200 rows down
        Assert.Contains("columns past 256 were dropped", Assert.Single(input.Report.Warnings), StringComparison.Ordinal);
    }

    private static TableGridCell Cell(string text, int columnSpan = 1, int rowSpan = 1) => new(text, columnSpan, rowSpan);

    private static (List<DocumentBlock> Blocks, DocumentReadReport Report) Write(Action<DocumentTableWriter> rows)
    {
        var blocks = new List<DocumentBlock>();
        var report = new DocumentReadReport();
        var writer = new DocumentTableWriter(blocks, new HeadingPathTracker(), report);
        rows(writer);
        writer.Finish();
        return (blocks, report);
    }
}
