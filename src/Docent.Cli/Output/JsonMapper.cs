using Docent.Answering;
using Docent.Asking;
using Docent.Documents;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Cli.Output;

/// <summary>Maps engine results to the CLI's JSON contracts. Static; thread-safe.</summary>
internal static class JsonMapper
{
    public static IngestJson ToJson(IngestReport report) => new(
        report.Added, report.Updated, report.Unchanged, report.Removed, report.Chunks,
        report.Failed.Select(f => new FailureJson(f.Path, f.Error ?? "failed", f.Transient)).ToList(),
        report.Results.Where(r => r.Status == IngestStatus.Skipped).Select(f => new FailureJson(f.Path, f.Error ?? "skipped", false)).ToList(),
        report.Results.Where(r => r.Warnings is { Count: > 0 }).Select(r => new WarningJson(r.Path, r.Warnings!)).ToList(),
        report.Elapsed.TotalMilliseconds,
        report.IndexWarning);

    public static SearchResultJson ToJson(RetrievedChunk hit) => new(
        hit.Rank, Math.Round(hit.Score, 6), hit.Chunk.Id, hit.Document.Id, hit.Document.ShownSource, hit.Document.Title,
        hit.Chunk.Page, hit.Chunk.HeadingPath, hit.Chunk.Text, new SpanJson(hit.Chunk.Span.Start, hit.Chunk.Span.Length), hit.Document.Source,
        ToJson(hit.Chunk.Region));

    public static RegionJson? ToJson(PageRegion? region) => region is { } r
        ? new RegionJson(Math.Round(r.Left, 4), Math.Round(r.Top, 4), Math.Round(r.Width, 4), Math.Round(r.Height, 4))
        : null;

    public static AskJson ToJson(string question, AskResult result)
    {
        var answer = result.Answer;
        return new AskJson(
            question, answer.Text, answer.Found, answer.Confidence is { } confidence ? Math.Round(confidence, 4) : null,
            answer.Citations.Select(c => new CitationJson(
                c.Index, c.ChunkId, c.DocumentId, c.ShownSource ?? Path.GetFileName(c.Source), c.Title, c.Page, c.HeadingPath, c.Quote,
                new SpanJson(c.QuoteSpan.Start, c.QuoteSpan.Length), c.ChunkText, c.Source, ToJson(c.Region))).ToList(),
            answer.ClosestPassages.Select(ToJson).ToList(),
            new TimingsJson(
                Math.Round(result.Retrieve.TotalMilliseconds, 3),
                Math.Round(result.Compose.TotalMilliseconds, 3),
                Math.Round((result.Condense + result.Retrieve + result.Compose).TotalMilliseconds, 3),
                Math.Round(result.Condense.TotalMilliseconds, 3)),
            answer.Unsupported.Select(u => new UnsupportedJson(u.Sentence, u.Reason, u.Dropped)).ToList(),
            answer.Model,
            result.StandaloneQuestion,
            result.ConversationId,
            result.Turn);
    }

    public static DocumentJson ToJson(DocumentRecord d) =>
        new(d.Id, d.Source, d.Title, d.Format, d.Length, d.ChunkCount, d.IngestedAt, d.Warnings, d.ParentId,
            d.Quality is { } q ? new QualityJson(q.Pages, q.Characters, q.CharactersPerPage is { } perPage ? Math.Round(perPage, 1) : null, q.Headings, q.Tables,
                q.OcrPages, q.OcrMeanConfidence is { } confidence ? Math.Round(confidence, 1) : null, q.OcrPageConfidences,
                q.Pii is { } pii ? new PiiJson(pii.Mode, pii.Counts, Ingestion.ParseQualityReview.PiiSummary(q)!) : null) : null,
            Ingestion.ParseQualityReview.Concerns(d), d.AccessList);
}
