using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>
/// Excel workbooks made with DocumentFormat.OpenXml: each sheet is a section, each row after the header one sentence of
/// "header: value" pairs naming its row, so a question about one cell is answered and cited from that row; damaged and
/// mislabelled files fail with a reason naming the file.
/// </summary>
public sealed class XlsxReaderTests
{
    /// <summary>A workbook of a per-diem sheet (shared strings, numbers, an inline string, a boolean, a gap) and a one-row sheet.</summary>
    internal static byte[] TravelWorkbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = "Travel rates 2026";
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var texts = new List<string>();
            Cell Text(string reference, string value)
            {
                int index = texts.IndexOf(value);
                if (index < 0)
                {
                    texts.Add(value);
                    shared.SharedStringTable.AppendChild(new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(value)));
                    index = texts.Count - 1;
                }

                return new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            }

            static Cell Number(string reference, string value) => new() { CellReference = reference, CellValue = new CellValue(value) };

            AddSheet(workbook, "Per diem", 1,
                new Row(Text("A1", "City"), Text("B1", "Per diem (EUR)"), Text("C1", "Hotel cap (EUR)"), Text("D1", "Approval needed")) { RowIndex = 1 },
                new Row(Text("A2", "Lisbon"), Number("B2", "55"), Number("C2", "140"), new Cell { CellReference = "D2", DataType = CellValues.Boolean, CellValue = new CellValue("0") }) { RowIndex = 2 },
                new Row(Text("A3", "Tokyo"), Number("B3", "85"), Number("C3", "210"), new Cell { CellReference = "D3", DataType = CellValues.Boolean, CellValue = new CellValue("1") }) { RowIndex = 3 },
                new Row() { RowIndex = 4 },
                new Row(
                    new Cell { CellReference = "A5", DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text("New York")) },
                    Number("B5", "95"), Number("E5", "note without a header"))
                { RowIndex = 5 });
            AddSheet(workbook, "Notes", 2, new Row(Text("A1", "Rates are reviewed every January by the finance team.")) { RowIndex = 1 });
            shared.SharedStringTable.Save();
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, string name, uint id, params Row[] rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = new Worksheet(new SheetData(rows));
        part.Worksheet.Save();
        workbook.Workbook.Sheets!.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    [Fact]
    public async Task SheetsAreSectionsAndRowsAreHeaderValueSentences()
    {
        var input = FromBytes("rates.xlsx", TravelWorkbook());
        var blocks = await ReadAllAsync(new XlsxReader(), input);

        Assert.Equal("xlsx", input.Report.Format);
        Assert.Equal("Travel rates 2026", input.Report.Title);
        Assert.Equal(["Per diem", "Notes"], blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => b.Text));
        var rows = blocks.Where(b => b.Kind == BlockKind.TableRow).ToList();
        Assert.Equal(
            [
                "Row 2 — City: Lisbon; Per diem (EUR): 55; Hotel cap (EUR): 140; Approval needed: FALSE.",
                "Row 3 — City: Tokyo; Per diem (EUR): 85; Hotel cap (EUR): 210; Approval needed: TRUE.",
                "Row 5 — City: New York; Per diem (EUR): 95; E: note without a header.",
                "Row 1 — A: Rates are reviewed every January by the finance team.",
            ],
            rows.Select(r => r.Text));
        Assert.Equal(["Per diem"], rows[1].HeadingPath);
        Assert.Equal(["Notes"], rows[3].HeadingPath);
        Assert.Equal(1, input.Report.Tables); // the one-row sheet is text, not a table
    }

    [Fact]
    public void ColumnNamesAndReferencesRoundTrip()
    {
        Assert.Equal("A", TableRows.ColumnLetters(0));
        Assert.Equal("Z", TableRows.ColumnLetters(25));
        Assert.Equal("AA", TableRows.ColumnLetters(26));
        Assert.Equal("XFD", TableRows.ColumnLetters(16383));
        foreach (int column in new[] { 0, 1, 25, 26, 701, 702, 16383 })
        {
            Assert.Equal(column, XlsxReader.ColumnOf(TableRows.ColumnLetters(column) + "17"));
        }

        Assert.Equal(-1, XlsxReader.ColumnOf("17"));
    }

    [Fact]
    public async Task ASpreadsheetCellIsAnsweredAndCitedFromItsRow()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/rates.xlsx", TravelWorkbook());
        dir.Write("docs/guide.md", "# Travel guide\n\nBook trains for trips under four hours. Expenses are filed within 30 days.\n");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        var report = await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions());
        Assert.Empty(report.Failed);

        var result = await folder.CreateAskPipeline().AskAsync("What is the per diem for Tokyo?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("85", result.Answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(result.Answer.Citations, c => c.Quote.Contains("Tokyo", StringComparison.Ordinal));
        Assert.Equal("docs/rates.xlsx", citation.ShownSource);
        Assert.Equal(["Per diem"], citation.HeadingPath);
        Assert.StartsWith("Row 3 — City: Tokyo", citation.Quote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DamagedOrMislabelledWorkbooksFailWithAReasonNamingTheFile()
    {
        var reader = new XlsxReader();
        byte[] workbook = TravelWorkbook();
        var truncated = FromBytes("cut.xlsx", workbook[..(workbook.Length / 2)]);
        var error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(reader, truncated));
        Assert.Equal("cut.xlsx", error.Path);
        Assert.Contains("XLSX", error.Message, StringComparison.Ordinal);

        // A Word document renamed .xlsx is a zip without a workbook.
        var renamed = FromBytes("letter.xlsx", FixtureBuilders.BuildDocx("Letter", [new FixtureBuilders.DocxParagraph(null, "Dear reader.")]));
        error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(reader, renamed));
        Assert.Contains("XLSX", error.Message, StringComparison.Ordinal);

        Assert.True(reader.CanRead(FromBytes("rates.xlsx", workbook)));
        Assert.False(reader.CanRead(FromBytes("rates.docx", workbook)));
        Assert.False(reader.CanRead(FromText("rates.xlsx", "City,Per diem\nTokyo,85\n")));
        Assert.Equal("xlsx", DocumentReaderSelector.CreateDefault().Select(FromBytes("rates.xlsx", workbook)).Reader?.Format);
    }
}
