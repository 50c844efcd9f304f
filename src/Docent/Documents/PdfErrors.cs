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

    // PdfPig's first clause only: what follows a colon is often a dump of its tokens.
    private static string Shorten(string message)
    {
        var text = message.AsSpan().Trim();
        var end = text.IndexOfAny(':', '\n');
        var sentence = text.IndexOf(". ", StringComparison.Ordinal);
        end = end < 0 ? sentence : sentence < 0 ? end : Math.Min(end, sentence);
        var reason = (end < 0 ? text : text[..end]).TrimEnd('.').ToString();
        if (reason.Length == 0 || reason.Contains("UglyToad", StringComparison.Ordinal))
        {
            return "its internal structure is inconsistent";
        }

        return reason.Length <= 120 ? reason : reason[..120] + "…";
    }
}
