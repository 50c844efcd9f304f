using System.Buffers;
using System.Text;

namespace Docent.Documents;

/// <summary>
/// Judges a file's format from its first bytes (and, second, its extension): PDF and zip magic, UTF BOMs,
/// UTF-16 without a BOM, text versus binary, HTML markers. Shared by <see cref="DocumentReaderSelector"/>
/// and the readers' <c>CanRead</c>. Stateless and thread-safe.
/// </summary>
internal static class ContentSniffer
{
    public static readonly IReadOnlySet<string> DocxExtensions =
        new HashSet<string>([".docx", ".docm", ".dotx", ".dotm"], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> XlsxExtensions =
        new HashSet<string>([".xlsx", ".xlsm"], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> PptxExtensions =
        new HashSet<string>([".pptx", ".pptm"], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> HtmlExtensions =
        new HashSet<string>([".html", ".htm", ".xhtml", ".shtml"], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> MarkdownExtensions =
        new HashSet<string>([".md", ".markdown", ".mdown", ".mkd", ".mkdn"], StringComparer.OrdinalIgnoreCase);

    private static readonly SearchValues<byte> AllowedControls = SearchValues.Create("\t\n\r\f\v\u001b"u8);

    /// <summary>"%PDF-" within the first 1 KiB (the PDF specification tolerates leading junk).</summary>
    public static bool IsPdf(ReadOnlySpan<byte> head) =>
        head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    /// <summary>A zip local file header ("PK\x03\x04"), as DOCX, XLSX, JAR… start with.</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith("PK\u0003\u0004"u8);

    /// <summary>A POSIX or GNU tar archive: "ustar" at offset 257 of the first header.</summary>
    public static bool IsTar(ReadOnlySpan<byte> head) => head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8);

    /// <summary>A gzip stream (magic 1F 8B, deflate), as .gz and .tar.gz files start with.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 3 && head[0] == 0x1F && head[1] == 0x8B && head[2] == 0x08;

    /// <summary>An EPUB: a zip whose first entry is the mimetype "application/epub+zip" (see <see cref="ZipMimetype"/>).</summary>
    public static bool IsEpub(ReadOnlySpan<byte> head) => ZipMimetype(head) == "application/epub+zip";

    /// <summary>
    /// The media type an EPUB or OpenDocument file declares in its first zip entry, "mimetype", stored uncompressed as
    /// their container specifications require; null for any other file. Read from the first local file header: the name
    /// at 30, the data after the name and any extra field.
    /// </summary>
    public static string? ZipMimetype(ReadOnlySpan<byte> head)
    {
        if (!IsZip(head) || head.Length < 30)
        {
            return null;
        }

        int method = head[8] | (head[9] << 8);
        int size = head[18] | (head[19] << 8) | (head[20] << 16) | (head[21] << 24);
        int nameLength = head[26] | (head[27] << 8);
        int extraLength = head[28] | (head[29] << 8);
        int data = 30 + nameLength + extraLength;
        if (method != 0 || nameLength != 8 || size is <= 0 or > 128 || head.Length < data + size || !head.Slice(30, 8).SequenceEqual("mimetype"u8))
        {
            return null;
        }

        var value = head.Slice(data, size);
        foreach (byte b in value)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(value);
    }

    /// <summary>The OpenDocument kind ("text", "spreadsheet", "presentation") a file declares, or null.</summary>
    public static string? OpenDocumentKind(ReadOnlySpan<byte> head) => ZipMimetype(head) switch
    {
        "application/vnd.oasis.opendocument.text" => "text",
        "application/vnd.oasis.opendocument.spreadsheet" => "spreadsheet",
        "application/vnd.oasis.opendocument.presentation" => "presentation",
        _ => null,
    };

    public static readonly IReadOnlySet<string> OpenDocumentExtensions =
        new HashSet<string>([".odt", ".ods", ".odp"], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>([".png", ".jpg", ".jpeg", ".tif", ".tiff"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A PNG, JPEG or TIFF, by its magic bytes (read by OCR).</summary>
    public static bool IsImage(ReadOnlySpan<byte> head) => Ocr.ImageFrames.SniffFormat(head) is not null;

    /// <summary>An OLE compound file, the container of legacy .doc/.xls/.ppt.</summary>
    public static bool IsOleCompound(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);

    /// <summary>The UTF-16 byte order mark, little or big endian.</summary>
    public static bool HasUtf16Bom(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    /// <summary>
    /// UTF-16 text without a byte order mark: in the head, at least 40% of the code units have a zero high
    /// byte (ASCII and Latin-1 letters) and under 5% a zero low byte, at the odd byte positions for little
    /// endian and the even ones for big endian, and the decoded text has few control characters. Text in
    /// scripts outside Latin-1 (few zero bytes) is not recognised. Null when the head is not such text.
    /// </summary>
    public static Encoding? DetectUtf16WithoutBom(ReadOnlySpan<byte> head)
    {
        var pairs = Math.Min(head.Length, 4096) / 2;
        if (pairs < 2 || HasUtf16Bom(head))
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < pairs; i++)
        {
            evenZeros += head[2 * i] == 0 ? 1 : 0;
            oddZeros += head[(2 * i) + 1] == 0 ? 1 : 0;
        }

        Encoding? encoding = null;
        if (oddZeros * 10 >= pairs * 4 && evenZeros * 20 < pairs)
        {
            encoding = Encoding.Unicode;
        }
        else if (evenZeros * 10 >= pairs * 4 && oddZeros * 20 < pairs)
        {
            encoding = Encoding.BigEndianUnicode;
        }

        if (encoding is null)
        {
            return null;
        }

        var controls = 0;
        var text = encoding.GetString(head[..(pairs * 2)]);
        foreach (var c in text)
        {
            if ((c < 0x20 && c is not ('\t' or '\n' or '\r' or '\f' or '\v' or '\u001b')) || c == 0x7F || char.IsSurrogate(c))
            {
                controls++;
            }
        }

        return controls * 20 <= text.Length ? encoding : null;
    }

    /// <summary>
    /// Whether the bytes look like text: a UTF-16 BOM or UTF-16 detected without one, or no NUL, few control
    /// characters (under 5%) and mostly valid UTF-8 (under 10% invalid bytes, which still admits Latin-1
    /// prose).
    /// </summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (HasUtf16Bom(head) || DetectUtf16WithoutBom(head) is not null)
        {
            return true;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }

        if (head.IsEmpty)
        {
            return true;
        }

        if (head.Contains((byte)0))
        {
            return false;
        }

        var controls = 0;
        foreach (var b in head)
        {
            if ((b < 0x20 && !AllowedControls.Contains(b)) || b == 0x7F)
            {
                controls++;
            }
        }

        return controls * 20 <= head.Length && CountInvalidUtf8(head) * 10 <= head.Length;
    }

    /// <summary>
    /// Whether the text starts like an Internet message (RFC 5322): its first lines are "Name: value" headers, folded
    /// lines aside, up to the blank line, and among them From plus one more of the headers every mail system writes
    /// (Date, Subject, To, Message-ID, Received, Return-Path, MIME-Version). A memo that merely starts "From:" is not mail.
    /// </summary>
    public static bool LooksLikeMail(ReadOnlySpan<byte> head)
    {
        var lines = DecodeHead(head).Split('\n');
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines.Take(lines.Length > 1 ? lines.Length - 1 : 1))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                continue; // a folded continuation of the header above
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || line.AsSpan(0, colon).ContainsAnyExcept(HeaderNameCharacters))
            {
                return false;
            }

            named.Add(line[..colon]);
        }

        return named.Contains("From") && MailHeaders.Count(named.Contains) >= 2;
    }

    /// <summary>A Unix mailbox: it starts with an mbox "From " separator line ("From sender date") followed by headers.</summary>
    public static bool IsMbox(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith("From "u8))
        {
            return false;
        }

        var newline = head.IndexOf((byte)'\n');
        return newline > 5 && LooksLikeMail(head[(newline + 1)..]);
    }

    private static readonly SearchValues<char> HeaderNameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly string[] MailHeaders = ["From", "Date", "Subject", "To", "Message-ID", "Received", "Return-Path", "MIME-Version"];

    /// <summary>Whether the text starts like an HTML document: a doctype or an &lt;html&gt; tag.</summary>
    public static bool LooksLikeHtml(ReadOnlySpan<byte> head)
    {
        var text = DecodeHead(head).AsSpan().TrimStart();
        while (true)
        {
            if (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
            {
                text = SkipPast(text, "?>");
            }
            else if (text.StartsWith("<!--", StringComparison.Ordinal))
            {
                text = SkipPast(text, "-->");
            }
            else
            {
                break;
            }
        }

        return text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Decodes up to the first 1 KiB of <paramref name="head"/> as text (BOM-aware, UTF-8 by default).</summary>
    public static string DecodeHead(ReadOnlySpan<byte> head)
    {
        head = head[..Math.Min(head.Length, 1024)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(head[2..]);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(head[2..]);
        }

        if (DetectUtf16WithoutBom(head) is { } utf16)
        {
            return utf16.GetString(head[..(head.Length / 2 * 2)]);
        }

        return Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
    }

    private static ReadOnlySpan<char> SkipPast(ReadOnlySpan<char> text, string end)
    {
        var index = text.IndexOf(end, StringComparison.Ordinal);
        return index < 0 ? [] : text[(index + end.Length)..].TrimStart();
    }

    // Invalid bytes in the UTF-8 decoding of head; an incomplete sequence cut off at the end is not counted.
    private static int CountInvalidUtf8(ReadOnlySpan<byte> head)
    {
        var invalid = 0;
        while (!head.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(head, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData)
            {
                break;
            }

            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                invalid += consumed;
            }

            head = head[consumed..];
        }

        return invalid;
    }
}
