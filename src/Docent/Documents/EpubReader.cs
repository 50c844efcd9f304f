using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Xml;

namespace Docent.Documents;

/// <summary>
/// Reads e-books ("epub"): the package file named by <c>META-INF/container.xml</c> gives the title and the reading order
/// (its spine), and each chapter in that order is read by <see cref="HtmlReader"/>, so chapters keep their headings and
/// lists. Recognised by content (an EPUB's first zip entry is its <c>mimetype</c>), else by extension. The zip is checked
/// against <see cref="ZipContainerLimits"/> first and every entry is inflated through the guard's counting stream; the
/// XML is read with DTDs refused. Hand-written because no maintained .NET EPUB package is served here, and the format's
/// reading order is two small XML files. Thread-safe.
/// </summary>
public sealed class EpubReader(ZipContainerLimits? limits = null) : IDocumentReader
{
    private const string Container = "urn:oasis:names:tc:opendocument:xmlns:container";
    private const string Package = "http://www.idpf.org/2007/opf";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";

    private readonly ZipContainerLimits _limits = limits ?? ZipContainerLimits.Default;
    private readonly HtmlReader _chapters = new();

    /// <inheritdoc />
    public string Format => "epub";

    /// <inheritdoc />
    public bool CanRead(DocumentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ContentSniffer.IsEpub(input.Head.Span) || (ContentSniffer.IsZip(input.Head.Span) && input.Extension == ".epub");
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DocumentBlock> ReadAsync(
        DocumentInput input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Report.Format = Format;
        var stream = input.Open();
        await using (stream.ConfigureAwait(false))
        {
            (stream, var guard) = await ZipDocumentParts.CheckedAsync(stream, input.Path, "EPUB", _limits, cancellationToken).ConfigureAwait(false);
            using var zip = Guarded(input, "the zip", () => new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true));
            string packagePath = Guarded(input, "META-INF/container.xml", () => ReadPackagePath(input.Path, zip, guard))
                ?? throw new DocumentReadException(input.Path, "not a valid EPUB: META-INF/container.xml names no package file");
            var (title, chapters) = Guarded(input, packagePath, () => ReadPackage(input.Path, zip, packagePath, guard));
            input.Report.Title ??= title;
            foreach (string chapter in chapters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (zip.GetEntry(chapter) is not { } entry)
                {
                    input.Report.Warn($"the EPUB's reading order names {chapter}, which it does not contain");
                    continue;
                }

                byte[] html = Guarded(input, chapter, () => ReadAll(entry, guard));
                var chapterInput = new DocumentInput(input.Path + "#" + chapter, html.Length, html.AsMemory(0, Math.Min(html.Length, 4096)), () => new MemoryStream(html, writable: false));
                await foreach (var block in _chapters.ReadAsync(chapterInput, cancellationToken).ConfigureAwait(false))
                {
                    yield return block;
                }

                foreach (var warning in chapterInput.Report.Warnings)
                {
                    input.Report.Warn($"{chapter}: {warning}");
                }
            }
        }
    }

    private static byte[] ReadAll(ZipArchiveEntry entry, ZipContainerGuard guard)
    {
        using var source = guard.Limit(entry.Open());
        using var copy = new MemoryStream();
        source.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The package (OPF) file's path inside the zip, from the first rootfile of META-INF/container.xml.</summary>
    private static string? ReadPackagePath(string path, ZipArchive zip, ZipContainerGuard guard)
    {
        var entry = zip.GetEntry("META-INF/container.xml")
            ?? throw new DocumentReadException(path, "not a valid EPUB: no META-INF/container.xml");
        using var xml = XmlReader.Create(guard.Limit(entry.Open()), ZipDocumentParts.XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "rootfile" && xml.NamespaceURI == Container
                && xml.GetAttribute("full-path") is { Length: > 0 } packagePath)
            {
                return packagePath.TrimStart('/');
            }
        }

        return null;
    }

    /// <summary>The book's title and its chapters' zip paths in reading order (spine items that are (X)HTML).</summary>
    private static (string? Title, List<string> Chapters) ReadPackage(string path, ZipArchive zip, string packagePath, ZipContainerGuard guard)
    {
        var entry = zip.GetEntry(packagePath) ?? throw new DocumentReadException(path, $"not a valid EPUB: the package file {packagePath} is missing");
        string folder = packagePath.Contains('/', StringComparison.Ordinal) ? packagePath[..(packagePath.LastIndexOf('/') + 1)] : "";
        string? title = null;
        var manifest = new Dictionary<string, (string Href, string MediaType)>(StringComparer.Ordinal);
        var spine = new List<string>();
        using (var xml = XmlReader.Create(guard.Limit(entry.Open()), ZipDocumentParts.XmlSettings))
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (title is null && xml.LocalName == "title" && xml.NamespaceURI == DublinCore)
                {
                    title = TextNormalizer.Normalize(xml.ReadElementContentAsString());
                }
                else if (xml.LocalName == "item" && xml.NamespaceURI == Package
                         && xml.GetAttribute("id") is { Length: > 0 } id && xml.GetAttribute("href") is { Length: > 0 } href)
                {
                    manifest.TryAdd(id, (href, xml.GetAttribute("media-type") ?? ""));
                }
                else if (xml.LocalName == "itemref" && xml.NamespaceURI == Package && xml.GetAttribute("idref") is { Length: > 0 } idref)
                {
                    spine.Add(idref);
                }
            }
        }

        var chapters = spine
            .Where(manifest.ContainsKey)
            .Select(idref => manifest[idref])
            .Where(item => item.MediaType is "application/xhtml+xml" or "text/html")
            .Select(item => Resolve(folder, item.Href))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (string.IsNullOrEmpty(title) ? null : title, chapters);
    }

    /// <summary>A manifest href (relative to the package file, URL-encoded) as a zip entry path; ".." cannot climb above the zip's root.</summary>
    private static string Resolve(string folder, string href)
    {
        var parts = new List<string>();
        foreach (string part in (folder + Uri.UnescapeDataString(href.Split('#')[0])).Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part.Length > 0 && part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static T Guarded<T>(DocumentInput input, string partName, Func<T> step) =>
        ZipDocumentParts.Guarded(input, partName, "EPUB", step);
}
