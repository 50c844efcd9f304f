using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Docent.Documents;

/// <summary>
/// Short, stable reasons for what PdfPig throws on a damaged or hostile PDF: its own format errors keep
/// their message, an encrypted file says so, and internal faults (invalid casts, indexes out of range,
/// missing keys — PdfPig meeting a structure it did not expect) become "its internal structure is
/// inconsistent" instead of a .NET message about PdfPig's types. Stateless and thread-safe.
/// </summary>
internal static class PdfErrors
{
    /// <summary>Why the file (or a page) could not be read, e.g. "damaged PDF: the cross-reference table is missing".</summary>
    public static string Reason(Exception error) => error switch
    {
        PdfDocumentEncryptedException => "the PDF is encrypted (password-protected), which Docent does not read",
        PdfDocumentStackDepthException => "damaged PDF: its objects nest too deeply",
        PdfDocumentFormatException =>
            $"damaged PDF: {Shorten(error.Message)}",
        EndOfStreamException => "damaged PDF: the file ends too early (truncated?)",
        _ => "damaged PDF: its internal structure is inconsistent",
    };

    private static string Shorten(string message)
    {
        var text = message.Trim().TrimEnd('.');
        return text.Length <= 160 ? text : text[..160] + "…";
    }
}
