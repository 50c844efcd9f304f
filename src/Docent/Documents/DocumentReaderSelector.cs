namespace Docent.Documents;

/// <summary>
/// Chooses the reader for an input by sniffing its content first and looking at its extension second:
/// a PDF named ".txt" is read as PDF, a zip named like an office document or e-book is read as one and any other zip
/// or tar as an archive of files, binary content is skipped with a reason. Immutable after construction and thread-safe.
/// </summary>
public sealed class DocumentReaderSelector
{
    private readonly IReadOnlyList<IDocumentReader> _readers;

    /// <summary>Creates a selector over <paramref name="readers"/>; the first reader of each format wins.</summary>
    public DocumentReaderSelector(IEnumerable<IDocumentReader> readers)
    {
        ArgumentNullException.ThrowIfNull(readers);
        _readers = [.. readers];
    }

    /// <summary>
    /// Extensions of files that are not documents (images OCR does not read, archives Docent does not open, software
    /// packages, binaries, media, fonts); a folder walker
    /// skips them without opening them or reporting them. Lower case, with the dot.
    /// </summary>
    public static IReadOnlySet<string> KnownNonDocumentExtensions { get; } = new HashSet<string>(
        [
            ".gif", ".webp", ".bmp", ".ico", ".heic", ".psd",
            ".bz2", ".xz", ".7z", ".rar", ".zst",
            // Software packages are zips too, but hold programs, not documents.
            ".nupkg", ".snupkg", ".whl", ".egg", ".apk", ".war", ".ear", ".vsix", ".xpi", ".crx",
            ".exe", ".dll", ".so", ".dylib", ".o", ".a", ".lib", ".pdb", ".class", ".jar", ".pyc", ".wasm",
            ".mp3", ".mp4", ".m4a", ".wav", ".flac", ".ogg", ".mov", ".avi", ".mkv", ".webm",
            ".woff", ".woff2", ".ttf", ".otf", ".eot", ".iso", ".dmg", ".msi",
        ],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The readers this selector chooses from.</summary>
    public IReadOnlyList<IDocumentReader> Readers => _readers;

    /// <summary>
    /// A selector over the built-in readers: PDF, DOCX, XLSX, PPTX, EPUB, OpenDocument, archives, e-mail, mailboxes, RTF,
    /// HTML, Markdown, plain text and images; scanned PDF pages and images are read by OCR as <paramref name="ocr"/> says
    /// (default: the default OCR settings, when Tesseract is installed).
    /// </summary>
    public static DocumentReaderSelector CreateDefault(Ocr.OcrAvailability? ocr = null)
    {
        ocr ??= Ocr.OcrAvailability.For(new Ocr.OcrSettings());
        return new([new PdfReader(ocr), new DocxReader(), new XlsxReader(), new PptxReader(), new EpubReader(), new OpenDocumentReader(), new ArchiveReader(),
            new MailReader(), new MboxReader(), new RtfReader(), new HtmlReader(), new MarkdownReader(), new PlainTextReader(), new ImageReader(ocr)]);
    }

    /// <summary>Decides which reader reads <paramref name="input"/>, or why it is skipped.</summary>
    public ReaderChoice Select(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var head = input.Head.Span;
        var extension = input.Extension;
        if (input.Length == 0 && head.IsEmpty)
        {
            return ReaderChoice.Skip("empty file");
        }

        if (ContentSniffer.IsPdf(head))
        {
            return Choose("pdf");
        }

        if (ContentSniffer.IsEpub(head))
        {
            return Choose("epub");
        }

        if (ContentSniffer.OpenDocumentKind(head) is not null)
        {
            return Choose("opendocument");
        }

        if (ContentSniffer.IsZip(head))
        {
            return ContentSniffer.DocxExtensions.Contains(extension) ? Choose("docx")
                : extension == ".epub" ? Choose("epub")
                : ContentSniffer.OpenDocumentExtensions.Contains(extension) ? Choose("opendocument")
                : ContentSniffer.XlsxExtensions.Contains(extension) ? Choose("xlsx")
                : ContentSniffer.PptxExtensions.Contains(extension) ? Choose("pptx")
                : Choose("archive");
        }

        if (ContentSniffer.IsTar(head) || ContentSniffer.IsGzip(head))
        {
            return Choose("archive");
        }

        if (extension == ".pdf")
        {
            return ReaderChoice.Skip("named .pdf but is not a PDF (no %PDF header)");
        }

        if (ContentSniffer.DocxExtensions.Contains(extension))
        {
            return ReaderChoice.Skip($"named {extension} but is not a DOCX (no zip header)");
        }

        if (ContentSniffer.XlsxExtensions.Contains(extension))
        {
            return ReaderChoice.Skip($"named {extension} but is not an XLSX (no zip header)");
        }

        if (ContentSniffer.PptxExtensions.Contains(extension))
        {
            return ReaderChoice.Skip($"named {extension} but is not a PPTX (no zip header)");
        }

        if (ContentSniffer.IsImage(head))
        {
            var choice = Choose("image");
            return choice.Reader is ImageReader { UnavailableReason: { } reason } ? ReaderChoice.Skip($"image not read: {reason}") : choice;
        }

        if (ContentSniffer.ImageExtensions.Contains(extension))
        {
            return ReaderChoice.Skip($"named {extension} but is not an image (no PNG, JPEG or TIFF header)");
        }

        if (ContentSniffer.IsOleCompound(head))
        {
            return ReaderChoice.Skip("legacy Office format (.doc/.xls/.ppt) is not supported");
        }

        if (!ContentSniffer.LooksLikeText(head))
        {
            return ReaderChoice.Skip("binary content is not a supported document format");
        }

        if (RtfReader.IsRtf(head))
        {
            return Choose("rtf");
        }

        if (extension == ".mbox" || ContentSniffer.IsMbox(head))
        {
            return Choose("mbox");
        }

        if (extension == ".eml" || ContentSniffer.LooksLikeMail(head))
        {
            return Choose("email");
        }

        if (ContentSniffer.LooksLikeHtml(head) || ContentSniffer.HtmlExtensions.Contains(extension))
        {
            return Choose("html");
        }

        return ContentSniffer.MarkdownExtensions.Contains(extension) ? Choose("markdown") : Choose("text");
    }

    private ReaderChoice Choose(string format)
    {
        foreach (var reader in _readers)
        {
            if (string.Equals(reader.Format, format, StringComparison.Ordinal))
            {
                return ReaderChoice.Use(reader);
            }
        }

        return ReaderChoice.Skip($"no reader registered for {format}");
    }
}
