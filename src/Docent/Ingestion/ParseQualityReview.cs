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

    /// <summary>
    /// What the personal-data step did, in one line: "PII redacted: 3 e-mail addresses, 1 IBAN" (stored mode), "PII found
    /// (redacted in answers): 2 phone numbers" (answers mode), "PII redacted: none found"; null when the step did not run.
    /// </summary>
    public static string? PiiSummary(DocumentQuality? quality)
    {
        if (quality?.Pii is not { } pii)
        {
            return null;
        }

        var lead = pii.Mode == "answers" ? "PII found (redacted in answers)" : "PII redacted";
        if (pii.Total == 0)
        {
            return lead + ": none found";
        }

        var items = Enum.GetValues<Safety.PiiKind>()
            .Select(kind => (Kind: kind, Count: pii.Counts.GetValueOrDefault(Safety.PiiSettings.KindKey(kind))))
            .Where(item => item.Count > 0)
            .Select(item => Count(item.Count, Noun(item.Kind)));
        return $"{lead}: {string.Join(", ", items)}";
    }

    private static string Noun(Safety.PiiKind kind) => kind switch
    {
        Safety.PiiKind.Email => "e-mail address",
        Safety.PiiKind.Phone => "phone number",
        Safety.PiiKind.Iban => "IBAN",
        Safety.PiiKind.CardNumber => "card number",
        Safety.PiiKind.NationalId => "national id",
        _ => "name",
    };

    private static string Count(long n, string noun) =>
        string.Format(CultureInfo.InvariantCulture, "{0:N0} {1}{2}", n, noun, n == 1 ? "" : noun.EndsWith("ss", StringComparison.Ordinal) ? "es" : "s");
}
