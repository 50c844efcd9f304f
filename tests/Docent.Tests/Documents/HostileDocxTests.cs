using System.IO.Compression;
using System.Text;
using Docent.Documents;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>DOCX files built to break a reader: deep nesting, zip bombs, DTDs, damaged XML, huge runs.</summary>
public sealed class HostileDocxTests
{
    private const string Ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    private const string ContentTypes =
        "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

    private const string Rels =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

    // A minimal package whose word/document.xml is written by writeDocument, streamed into the zip.
    private static byte[] Docx(Action<Stream> writeDocument, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", ContentTypes);
            Write(zip, "_rels/.rels", Rels);
            using var document = zip.CreateEntry("word/document.xml", level).Open();
            writeDocument(document);
        }

        return memory.ToArray();
    }

    private static byte[] Docx(string documentXml) => Docx(stream => stream.Write(Encoding.UTF8.GetBytes(documentXml)));

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    [Fact]
    public async Task Paragraphs_nested_200000_deep_are_read_without_recursion_and_their_text_kept()
    {
        var xml = $"<w:document {Ns}><w:body><w:p><w:r><w:t>outer words</w:t></w:r>"
            + Repeat("<w:p>", 200_000) + "<w:r><w:t>innermost words</w:t></w:r>" + Repeat("</w:p>", 200_000)
            + "</w:p><w:p><w:r><w:t>next paragraph</w:t></w:r></w:p></w:body></w:document>";

        var blocks = await ReadAllAsync(new DocxReader(), FromBytes("nested.docx", Docx(xml)));

        Assert.Equal(["outer words innermost words", "next paragraph"], blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task Unclosed_nesting_fails_as_xml_that_is_not_well_formed()
    {
        var xml = $"<w:document {Ns}><w:body>" + Repeat("<w:p>", 200_000) + "</w:body></w:document>";

        var ex = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(new DocxReader(), FromBytes("nested.docx", Docx(xml))));

        Assert.Equal("damaged DOCX: the XML in word/document.xml is not well formed (line 1)", ex.Reason);
    }

    [Fact]
    public async Task A_document_that_declares_a_dtd_is_refused_in_plain_words()
    {
        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e \"x\">]><w:document {Ns}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>";

        var ex = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(new DocxReader(), FromBytes("dtd.docx", Docx(xml))));

        Assert.Equal("the DOCX declares a DTD, which Docent does not read", ex.Reason);
    }

    [Fact]
    public async Task Zip_bomb_fails_before_it_is_inflated()
    {
        // 64 MiB of one letter in one text run compresses about 1,000:1; the limits are lowered so the test stays small.
        var bytes = Docx(
            stream =>
            {
                stream.Write(Encoding.UTF8.GetBytes($"<w:document {Ns}><w:body><w:p><w:r><w:t>"));
                var chunk = new byte[1 << 20];
                chunk.AsSpan().Fill((byte)'a');
                for (var i = 0; i < 64; i++)
                {
                    stream.Write(chunk);
                }

                stream.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
            },
            CompressionLevel.SmallestSize);
        var limits = new ZipContainerLimits { MaxInflatedBytes = 32L << 20, RatioExemptBytes = 1L << 20 };

        var ratio = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(new DocxReader(limits), FromBytes("bomb.docx", bytes)));
        var total = await Assert.ThrowsAsync<DocumentReadException>(
            () => ReadAllAsync(new DocxReader(limits with { MaxCompressionRatio = 10_000 }), FromBytes("bomb.docx", bytes)));

        Assert.Matches(@"^the DOCX inflates word/document\.xml to 64 MB \(compression ratio \d+:1, over 100:1\), which looks like a zip bomb$", ratio.Reason);
        Assert.Matches(@"^the DOCX inflates to more than 32 MB \(compression ratio \d+:1\), which looks like a zip bomb$", total.Reason);
    }

    [Fact]
    public void Inflated_bytes_are_counted_and_stopped_at_the_limit_whatever_the_declared_sizes()
    {
        var guard = new ZipContainerGuard("lying.docx", "DOCX", new ZipContainerLimits { MaxInflatedBytes = 1000 });
        using var stream = guard.Limit(new MemoryStream(new byte[600]));
        using var second = guard.Limit(new MemoryStream(new byte[600]));
        stream.CopyTo(Stream.Null);

        var ex = Assert.Throws<DocumentReadException>(() => second.CopyTo(Stream.Null));

        Assert.Equal("the DOCX inflates to more than 0 MB, which looks like a zip bomb", ex.Reason);
    }

    [Fact]
    public async Task Too_many_entries_are_refused()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 20; i++)
            {
                zip.CreateEntry($"media/{i}.bin");
            }
        }

        var ex = await Assert.ThrowsAsync<DocumentReadException>(
            () => ReadAllAsync(new DocxReader(new ZipContainerLimits { MaxEntries = 10 }), FromBytes("many.docx", memory.ToArray())));

        Assert.Equal("the DOCX holds 20 files, over the limit of 10 for one document", ex.Reason);
    }

    [Fact]
    public async Task A_huge_text_run_is_read_in_capped_blocks_not_one_string()
    {
        const int letters = 3 << 20;
        var bytes = Docx(stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes($"<w:document {Ns}><w:body><w:p><w:r><w:t>"));
            stream.Write(Encoding.ASCII.GetBytes(Repeat("word ", letters / 5)));
            stream.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
        });

        var blocks = await ReadAllAsync(new DocxReader(), FromBytes("long.docx", bytes));

        Assert.All(blocks, b => Assert.InRange(b.Text.Length, 1, PlainTextReader.MaxBlockChars));
        Assert.InRange(blocks.Sum(b => b.Text.Length + 1), letters - 10, letters + 10);
    }

    [Fact]
    public async Task Tables_nested_in_cells_and_properties_still_read_as_before()
    {
        var xml = $"<w:document {Ns}><w:body>"
            + "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>Budget</w:t></w:r></w:p>"
            + "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"3\"/></w:numPr></w:pPr><w:r><w:t>first item</w:t></w:r></w:p>"
            + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
            + "<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t><w:tab/><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>"
            + "<w:tr><w:tc><w:p/></w:tc><w:tc/></w:tr>"
            + "<w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            + "</w:body></w:document>";

        var blocks = await ReadAllAsync(new DocxReader(), FromBytes("table.docx", Docx(xml)));

        Assert.Equal(
            [(BlockKind.Heading, "Budget"), (BlockKind.ListItem, "first item"), (BlockKind.TableRow, "a b: c; inner cell: d.")],
            blocks.Select(b => (b.Kind, b.Text)));
    }

    [Fact]
    public async Task A_package_whose_relationship_names_a_missing_part_fails_saying_so()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", ContentTypes);
            Write(zip, "_rels/.rels", Rels); // points at word/document.xml, which is not in the zip
        }

        var error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(new DocxReader(), FromBytes("missing.docx", memory.ToArray())));

        Assert.StartsWith("damaged DOCX:", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Specified part", error.Reason, StringComparison.Ordinal);
    }
}
