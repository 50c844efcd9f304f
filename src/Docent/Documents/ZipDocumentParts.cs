using System.Xml;

namespace Docent.Documents;

/// <summary>
/// What the readers of zip-packaged documents (DOCX, XLSX, PPTX, EPUB, OpenDocument) share: the safe XML settings their
/// parts are read with (DTDs refused, comments and processing instructions skipped), a seekable copy of a forward-only
/// stream (a zip's directory sits at its end), and the turning of what the zip, packaging and XML libraries throw into a
/// <see cref="DocumentReadException"/> whose reason a user understands and that stays the same across library versions:
/// a DTD, XML that is not well formed (with the part and line), a damaged zip, or else "not a valid DOCX" (or the format
/// named). Stateless and thread-safe.
/// </summary>
internal static class ZipDocumentParts
{
    /// <summary>XML reading for every part: DTDs refused, no resolver, comments and processing instructions skipped.</summary>
    public static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary><paramref name="stream"/> itself when it can seek, else an in-memory copy of it (the original is disposed by its owner).</summary>
    public static async Task<Stream> SeekableAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (stream.CanSeek)
        {
            return stream;
        }

        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>
    /// Makes a zip-packaged document ready to open: a seekable view of <paramref name="stream"/> (a zip's directory sits at
    /// its end) checked against <paramref name="limits"/> before any part is read, and the guard every part then inflates
    /// through. Throws <see cref="DocumentReadException"/> naming <paramref name="format"/> when a limit is broken.
    /// </summary>
    public static async Task<(Stream Package, ZipContainerGuard Guard)> CheckedAsync(
        Stream stream, string path, string format, ZipContainerLimits limits, CancellationToken cancellationToken)
    {
        var package = await SeekableAsync(stream, cancellationToken).ConfigureAwait(false);
        var guard = new ZipContainerGuard(path, format, limits);
        guard.Check(package);
        return (package, guard);
    }

    /// <summary>Runs one step of a read, turning library exceptions into a <see cref="DocumentReadException"/> that says what is wrong.</summary>
    public static T Guarded<T>(DocumentInput input, string partName, string format, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or DocumentReadException))
        {
            throw ToReadException(input.Path, partName, ex, format);
        }
    }

    /// <summary>The exception to throw for <paramref name="error"/>, met while reading <paramref name="partName"/> of a <paramref name="format"/> file.</summary>
    public static DocumentReadException ToReadException(string path, string partName, Exception error, string format) => error switch
    {
        DocumentReadException read => read,
        XmlException xml when xml.Message.Contains("DTD", StringComparison.Ordinal) =>
            new(path, $"the {format} declares a DTD, which Docent does not read", error),
        XmlException xml => new(path, $"damaged {format}: the XML in {partName} is not well formed (line {xml.LineNumber})", error),
        { InnerException: XmlException inner } => ToReadException(path, partName, inner, format),
        InvalidDataException or FileFormatException => new(path, $"damaged {format}: the zip container is damaged or truncated", error),
        // System.IO.Packaging: a relationship names a part the zip does not hold.
        InvalidOperationException => new(path, $"damaged {format}: {partName} refers to a part the file does not contain", error),
        _ => new(path, $"not a valid {format}: {error.Message}", error),
    };
}
