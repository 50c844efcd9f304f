using System.Xml;

namespace Docent.Documents;

/// <summary>
/// Turns what the zip, packaging and XML libraries throw while an Office file (DOCX, XLSX) is read into a
/// <see cref="DocumentReadException"/> whose reason a user understands and that stays the same across
/// library versions: a DTD, XML that is not well formed (with the part and line), a damaged zip, or else
/// "not a valid DOCX" (or the format named). Stateless and thread-safe.
/// </summary>
internal static class DocxErrors
{
    /// <summary>The exception to throw for <paramref name="error"/>, met while reading <paramref name="partName"/>.</summary>
    public static DocumentReadException ToReadException(string path, string partName, Exception error, string format = "DOCX") => error switch
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
