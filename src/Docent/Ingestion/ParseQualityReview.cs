using System.Globalization;
using Docent.Storage;

namespace Docent.Ingestion;

/// <summary>
/// Reads a document's parse-quality report and says, in words a user understands, why it may have been read badly: no
/// text at all, pages that gave almost none (a scan read without OCR), low OCR confidence, or warnings raised while
/// reading. One rule set for the CLI, the API and the browser, so they agree. Static; thread-safe.
/// </summary>
public static class ParseQualityReview
{
    /// <summary>Below this many characters per page, a page most likely held an image of text, not text.</summary>
    public const double SparsePageCharacters = 200;

    /// <summary>Below this mean OCR confidence (0–100), recognised text is often wrong.</summary>
    public const double LowOcrConfidence = 70;

    /// <summary>The concerns for <paramref name="document"/>, empty when it reads well (or was stored before reports were kept).</summary>
    public static IReadOnlyList<string> Concerns(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var concerns = new List<string>();
        if (document.Quality is not { } quality)
        {
            return concerns;
        }

        var isContainer = document.ChunkCount == 0 && document.Format is "archive" or "mbox";
        if (quality.Characters == 0 && !isContainer)
        {
            concerns.Add("no text was read");
        }
        else if (quality.CharactersPerPage is { } perPage && perPage < SparsePageCharacters && quality.OcrPages < quality.Pages)
        {
            concerns.Add(string.Format(CultureInfo.InvariantCulture, "only {0:N0} characters per page: pages may be images of text", perPage));
        }

        if (quality.OcrMeanConfidence is { } confidence && confidence < LowOcrConfidence)
        {
            concerns.Add(string.Format(CultureInfo.InvariantCulture, "OCR confidence {0:N0}%: recognised text may be wrong", confidence));
        }

        if (document.Warnings.Count > 0)
        {
            concerns.Add(document.Warnings.Count == 1 ? "1 warning while reading" : $"{document.Warnings.Count} warnings while reading");
        }

        return concerns;
    }

    /// <summary>The figures in one line: "12 pages · 1,840 characters/page · 14 headings · 2 tables · 3 OCR pages (mean confidence 91%)".</summary>
    public static string Summary(DocumentQuality quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        var parts = new List<string>();
        if (quality.Pages is { } pages)
        {
            parts.Add(Count(pages, "page"));
        }

        parts.Add(quality.CharactersPerPage is { } perPage
            ? string.Format(CultureInfo.InvariantCulture, "{0:N0} characters/page", perPage)
            : string.Format(CultureInfo.InvariantCulture, "{0:N0} characters", quality.Characters));
        parts.Add(Count(quality.Headings, "heading"));
        parts.Add(Count(quality.Tables, "table"));
        if (quality.OcrPages > 0)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, "{0} (mean confidence {1:N0}%)", Count(quality.OcrPages, "OCR page"), quality.OcrMeanConfidence));
        }

        return string.Join(" · ", parts);
    }

    private static string Count(long n, string noun) => string.Format(CultureInfo.InvariantCulture, "{0:N0} {1}{2}", n, noun, n == 1 ? "" : "s");
}
