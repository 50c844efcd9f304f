using System.Text.Json.Serialization;
using Docent.Answering;
using Docent.Asking;
using Docent.Documents;
using Docent.Retrieval;

namespace Docent.Server.Endpoints;

/// <summary>A collection as the API lists it.</summary>
public sealed record CollectionInfo(string Name, int Documents, long Chunks);

/// <summary>
/// One search hit or cited passage as the API returns it: Source is the display source; Region where the passage lies on
/// its page (OCR pages; null otherwise); Path (the file on the server) only for the admin.
/// </summary>
public sealed record PassageInfo(
    int Rank, double Score, string ChunkId, string DocumentId, string Source, string Title, int? Page,
    IReadOnlyList<string> HeadingPath, string Text, long SpanStart, int SpanLength, RegionInfo? Region,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Path = null)
{
    /// <summary>Maps a retrieved chunk; <paramref name="withPath"/> adds the full path (admin only).</summary>
    public static PassageInfo From(RetrievedChunk hit, bool withPath) => new(
        hit.Rank, Math.Round(hit.Score, 6), hit.Chunk.Id, hit.Document.Id, hit.Document.ShownSource, hit.Document.Title, hit.Chunk.Page,
        hit.Chunk.HeadingPath, hit.Chunk.Text, hit.Chunk.Span.Start, hit.Chunk.Span.Length, RegionInfo.From(hit.Chunk.Region),
        withPath ? hit.Document.Source : null);
}

/// <summary>A box on a page as fractions (0–1) of the page's width and height, origin at the top left.</summary>
public sealed record RegionInfo(double Left, double Top, double Width, double Height)
{
    /// <summary>Maps a page region, rounded to four places; null stays null.</summary>
    public static RegionInfo? From(PageRegion? region) => region is { } r
        ? new RegionInfo(Math.Round(r.Left, 4), Math.Round(r.Top, 4), Math.Round(r.Width, 4), Math.Round(r.Height, 4))
        : null;
}

/// <summary>
/// The body of an ask request: the question, how many passages to read, the conversation it continues (ConversationId), or
/// NewConversation to have the server start one and return its id (what the browser does with a chat's first question).
/// </summary>
public sealed record AskBody(string Question, int? Top = null, string? ConversationId = null, bool? DropUnsupported = null, bool? NewConversation = null);

/// <summary>A citation of an answer: the source passage and the quoted sentence's place in it. Source is the display source; Path only for the admin.</summary>
public sealed record CitationInfo(
    int Index, string ChunkId, string DocumentId, string Source, string Title, int? Page, IReadOnlyList<string> HeadingPath,
    string Quote, int QuoteStart, int QuoteLength, string Text, RegionInfo? Region,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Path = null)
{
    /// <summary>
    /// Maps a citation; the quote's offsets are relative to <see cref="Text"/> (the passage), for highlighting;
    /// <paramref name="withPath"/> adds the full path (admin only).
    /// </summary>
    public static CitationInfo From(Citation c, bool withPath)
    {
        var start = c.ChunkText.IndexOf(c.Quote, StringComparison.Ordinal);
        return new CitationInfo(c.Index, c.ChunkId, c.DocumentId, ShownSource(c), c.Title, c.Page, c.HeadingPath, c.Quote,
            Math.Max(0, start), start < 0 ? 0 : c.Quote.Length, c.ChunkText, RegionInfo.From(c.Region), withPath ? c.Source : null);
    }

    /// <summary>The citation's source as API callers see it: never a path on the server.</summary>
    public static string ShownSource(Citation c) => c.ShownSource ?? System.IO.Path.GetFileName(c.Source);
}

/// <summary>
/// An answer as the API returns it. Confidence (0–1, null when the answerer gives none) is the answer's estimated
/// chance of being right; a refusal (Found false) lists the ClosestPassages; Warnings are cautions the reader must see
/// (a cited source holds text addressed to AI models), which the answer text also begins with; Cached says it came from the
/// answer cache.
/// </summary>
public sealed record AnswerInfo(
    string Question, string Answer, bool Found, double? Confidence, IReadOnlyList<CitationInfo> Citations, IReadOnlyList<PassageInfo> ClosestPassages,
    IReadOnlyList<UnsupportedSentence> Unsupported, string? Model, string StandaloneQuestion, string? ConversationId, int? Turn,
    double RetrieveMs, double AnswerMs)
{
    /// <summary>Cautions that go with the answer (empty when there are none), in the order its text gives them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Maps a pipeline result; <paramref name="withPath"/> adds sources' full paths (admin only).</summary>
    public static AnswerInfo From(string question, AskResult result, bool withPath) => new(
        question, result.Answer.Text, result.Answer.Found, result.Answer.Confidence is { } confidence ? Math.Round(confidence, 4) : null,
        result.Answer.Citations.Select(c => CitationInfo.From(c, withPath)).ToList(),
        result.Answer.ClosestPassages.Select(p => PassageInfo.From(p, withPath)).ToList(),
        result.Answer.Unsupported, result.Answer.Model, result.StandaloneQuestion, result.ConversationId, result.Turn,
        Math.Round(result.Retrieve.TotalMilliseconds, 3), Math.Round(result.Compose.TotalMilliseconds, 3))
    {
        Warnings = result.Answer.Warnings,
        Cached = result.Cached,
    };

    /// <summary>Whether the answer was served from the server's answer cache (RetrieveMs and AnswerMs are then the original answer's).</summary>
    public bool Cached { get; init; }
}
