using System.IO.Compression;
using Docent.Documents;
using static Docent.Tests.Documents.FixtureBuilders;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

public sealed class DocumentReaderSelectorTests
{
    private readonly DocumentReaderSelector _selector = DocumentReaderSelector.CreateDefault();

    private string? FormatFor(DocumentInput input) => _selector.Select(input).Reader?.Format;

    [Fact]
    public void Pdf_content_wins_over_a_txt_extension()
    {
        var input = FromBytes("notes.txt", BuildPdf(null, [new PdfLine("hello")]));

        Assert.Equal("pdf", FormatFor(input));
    }

    [Fact]
    public async Task Pdf_named_txt_is_read_as_pdf_end_to_end()
    {
        var input = FromBytes("notes.txt", BuildPdf(null, [new PdfLine("hello from a pdf")]));
        var reader = _selector.Select(input).Reader!;

        var blocks = await ReadAllAsync(reader, input);

        Assert.Equal("hello from a pdf", Assert.Single(blocks).Text);
    }

    [Fact]
    public void Docx_is_chosen_for_a_zip_named_docx()
    {
        var input = FromBytes("leave.docx", BuildDocx(null, [new DocxParagraph(null, "x")]));

        Assert.Equal("docx", FormatFor(input));
    }

    [Fact]
    public void Text_named_docx_is_skipped_with_a_reason()
    {
        var choice = _selector.Select(FromText("fake.docx", "not a zip at all"));

        Assert.Null(choice.Reader);
        Assert.Equal("named .docx but is not a DOCX (no zip header)", choice.SkipReason);
    }

    [Fact]
    public void Zip_with_another_extension_is_an_archive_of_files()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("a.txt");
        }

        var choice = _selector.Select(FromBytes("bundle.dat", memory.ToArray()));

        Assert.Equal("archive", choice.Reader?.Format);
    }

    [Theory]
    [InlineData("utf-16", "text")]
    [InlineData("utf-16BE", "text")]
    public void Utf16_text_without_a_byte_order_mark_is_text_not_binary(string encodingName, string format)
    {
        var bytes = System.Text.Encoding.GetEncoding(encodingName).GetBytes("Quarterly report\n\nSales rose by 4% in the north.");

        var choice = _selector.Select(FromBytes("report.txt", bytes));

        Assert.Equal(format, choice.Reader?.Format);
    }

    [Fact]
    public void Sixteen_bit_binary_with_zero_high_bytes_but_control_characters_is_still_binary()
    {
        var bytes = Enumerable.Range(0, 2048).SelectMany(i => new byte[] { (byte)(i % 32), 0 }).ToArray();

        var choice = _selector.Select(FromBytes("samples.dat", bytes));

        Assert.Null(choice.Reader);
    }

    [Fact]
    public void Random_binary_is_skipped()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);

        var choice = _selector.Select(FromBytes("data.bin", bytes));

        Assert.Null(choice.Reader);
        Assert.Equal("binary content is not a supported document format", choice.SkipReason);
    }

    [Fact]
    public void Binary_without_nuls_but_mostly_invalid_utf8_is_skipped()
    {
        var bytes = Enumerable.Range(0, 2000).Select(i => (byte)(0x80 + (i % 0x40))).ToArray();

        Assert.Null(FormatFor(FromBytes("blob", bytes)));
    }

    [Fact]
    public void Pdf_extension_without_pdf_header_is_skipped_with_a_reason()
    {
        var choice = _selector.Select(FromText("report.pdf", "plain words"));

        Assert.Equal("named .pdf but is not a PDF (no %PDF header)", choice.SkipReason);
    }

    [Theory]
    [InlineData("page", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html")]
    [InlineData("page.txt", "\n  <!-- saved --> <HTML lang=en><body>x</body></HTML>", "html")]
    [InlineData("fragment.htm", "<p>only a fragment</p>", "html")]
    [InlineData("readme.md", "# Title\n\ntext", "markdown")]
    [InlineData("readme.markdown", "text", "markdown")]
    [InlineData("notes.txt", "Plain notes with <html> mentioned later.", "text")]
    [InlineData("LICENSE", "Permission is hereby granted, free of charge", "text")]
    [InlineData("latin1.txt", "Caf\u00E9", "text")]
    public void Sniffs_text_formats(string path, string content, string expected)
    {
        Assert.Equal(expected, FormatFor(FromText(path, content)));
    }

    [Fact]
    public void Utf16_text_with_bom_is_text()
    {
        var bytes = new byte[] { 0xFF, 0xFE }.Concat(System.Text.Encoding.Unicode.GetBytes("hello")).ToArray();

        Assert.Equal("text", FormatFor(FromBytes("u16.txt", bytes)));
    }

    [Fact]
    public void Empty_file_is_skipped()
    {
        Assert.Equal("empty file", _selector.Select(FromBytes("empty.txt", [])).SkipReason);
    }

    [Fact]
    public void Readers_can_read_what_the_selector_chose_for_them()
    {
        var inputs = new[]
        {
            FromBytes("a.pdf", BuildPdf(null, [new PdfLine("x")])),
            FromBytes("a.docx", BuildDocx(null, [new DocxParagraph(null, "x")])),
            FromText("a.html", "<html></html>"),
            FromText("a.md", "# x"),
            FromText("a.txt", "x"),
        };

        foreach (var input in inputs)
        {
            var reader = _selector.Select(input).Reader!;
            Assert.True(reader.CanRead(input), $"{reader.Format} refuses {input.Path}");
        }
    }

    [Fact]
    public void Known_non_document_extensions_cover_other_images_and_unread_archives_but_not_bin_zip_or_the_scans_ocr_reads()
    {
        var known = DocumentReaderSelector.KnownNonDocumentExtensions;

        Assert.Contains(".gif", known);
        Assert.Contains(".WEBP", known);
        Assert.DoesNotContain(".png", known);
        Assert.DoesNotContain(".JPG", known);
        Assert.DoesNotContain(".tiff", known);
        Assert.Contains(".7z", known);
        Assert.Contains(".dll", known);
        Assert.DoesNotContain(".zip", known);
        Assert.DoesNotContain(".tgz", known);
        Assert.DoesNotContain(".bin", known);
        Assert.DoesNotContain(".pdf", known);
    }

    [Fact]
    public void Missing_reader_for_a_sniffed_format_is_a_skip_reason()
    {
        var selector = new DocumentReaderSelector([new PlainTextReader()]);

        Assert.Equal("no reader registered for markdown", selector.Select(FromText("a.md", "x")).SkipReason);
    }
}
