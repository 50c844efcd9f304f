using System.Globalization;
using System.Text.RegularExpressions;
using Docent.Answering;
using Docent.Answering.Generative;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Endpoints;

/// <summary>
/// What the OpenAI-compatible endpoints (chat completions and responses) add to an answer: token counts for <c>usage</c>,
/// an extractive answer cut to <c>max_tokens</c>, citations as <c>url_citation</c> annotations, and recognising a client's
/// housekeeping prompt (a chat title, tags). Static; thread-safe.
/// </summary>
internal static partial class OpenAIAnswers
{
    /// <summary>GPT-4o's tokenizer (o200k_base): the counts Docent reports when no model reports its own.</summary>
    private static readonly ITokenCounter Counter = TiktokenTokenCounter.ForModel("gpt-4o");

    /// <summary>The tokens of <paramref name="text"/> by o200k_base.</summary>
    public static int Tokens(string? text) => string.IsNullOrEmpty(text) ? 0 : Counter.CountTokens(text);

    /// <summary>The tokens of a chat's messages as OpenAI's counting guide gives them: each text, 4 per message, 3 to prime the reply.</summary>
    public static int PromptTokens(IEnumerable<string?> messages) => messages.Sum(m => Tokens(m) + 4) + 3;

    /// <summary>
    /// The usage to report: the model's own counts when it reported them (its prompt includes the sources it read), else
    /// <paramref name="promptTokens"/> and the tokens of the returned <paramref name="content"/>.
    /// </summary>
    public static (long Prompt, long Completion) Usage(Answer answer, int promptTokens, string content) =>
        answer.Usage is { } used ? (used.InputTokens, used.OutputTokens) : (promptTokens, Tokens(content));

    /// <summary>
    /// An answer that fits <paramref name="maxTokens"/>: a model's answer as it is (the limit was passed to the model, which
    /// sets <see cref="Answer.Truncated"/>); an extractive one longer than the limit cut after its last whole sentence (with
    /// its markers) that fits, or at a token bound when not even the first fits, keeping only the citations still marked,
    /// and marked <see cref="Answer.Truncated"/>.
    /// </summary>
    public static Answer Fit(Answer answer, int? maxTokens)
    {
        if (maxTokens is not { } max || answer.Model is not null || !answer.Found || Tokens(answer.Text) <= max)
        {
            return answer;
        }

        var text = answer.Text;
        var cut = SentenceEnds().Matches(text).Select(m => m.Index + m.Length).Where(end => end < text.Length)
            .LastOrDefault(end => Tokens(text[..end]) <= max);
        if (cut == 0)
        {
            // Not even one sentence fits: the longest prefix that does, found by halving.
            int low = 0, high = text.Length;
            while (low < high)
            {
                var mid = (low + high + 1) / 2;
                if (Tokens(text[..mid]) <= max)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }

            cut = low;
        }

        var kept = text[..cut].TrimEnd();
        return answer with
        {
            Text = kept,
            Citations = [.. answer.Citations.Where(c => kept.Contains(Marker(c.Index), StringComparison.Ordinal))],
            Truncated = true,
        };
    }

    /// <summary>
    /// One <c>url_citation</c> per citation: the span of its first "[n]" marker in <paramref name="content"/> (else its footnote
    /// line), the document's link (<see cref="Link"/>), a title of the document and heading path, and the quoted sentence.
    /// </summary>
    public static List<UrlCitation> Citations(string content, Answer answer, HttpContext context, string collection)
    {
        var citations = new List<UrlCitation>(answer.Citations.Count);
        foreach (var c in answer.Citations)
        {
            var marker = Marker(c.Index);
            var start = content.IndexOf(marker, StringComparison.Ordinal);
            var length = marker.Length;
            if (start < 0)
            {
                // No marker in the text (a model's answer may cite without one): the citation's footnote line.
                var line = content.IndexOf(marker + ":", StringComparison.Ordinal);
                var end = line < 0 ? -1 : content.IndexOf('\n', line);
                start = Math.Max(0, line);
                length = line < 0 ? 0 : (end < 0 ? content.Length : end) - line;
            }

            var title = c.HeadingPath.Count > 0 ? c.Title + " › " + string.Join(" › ", c.HeadingPath) : c.Title;
            citations.Add(new UrlCitation(Link(context, collection, c), title, start, start + length, c.Quote, c.DocumentId, c.ChunkId, CitationInfo.ShownSource(c), c.Page));
        }

        return citations;
    }

    /// <summary>
    /// A citation's link: the document's own address when it was read from the web (an http or https source), else this
    /// server's browser page with the collection, document and passage in the query (never a path on the server).
    /// </summary>
    public static string Link(HttpContext context, string collection, Citation citation)
    {
        if (Uri.TryCreate(citation.Source, UriKind.Absolute, out var web) && (web.Scheme == Uri.UriSchemeHttp || web.Scheme == Uri.UriSchemeHttps))
        {
            return web.AbsoluteUri;
        }

        var request = context.Request;
        return string.Create(CultureInfo.InvariantCulture,
            $"{request.Scheme}://{request.Host}{request.PathBase}/?collection={Uri.EscapeDataString(collection)}&document={Uri.EscapeDataString(citation.DocumentId)}&chunk={Uri.EscapeDataString(citation.ChunkId)}");
    }

    /// <summary>
    /// What a client's housekeeping request asks for ("title", "tags", "follow-up questions", "task"), or null for a question:
    /// Open WebUI's background prompts begin "### Task:", and other clients ask to "generate a title" for the conversation.
    /// </summary>
    public static string? ClientTask(IEnumerable<string?> texts)
    {
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var head = text.Length > 400 ? text[..400] : text;
            if (head.Contains("### Task:", StringComparison.OrdinalIgnoreCase) || TitleRequest().IsMatch(head))
            {
                return TaskKind(head);
            }
        }

        return null;
    }

    private static string TaskKind(string text) =>
        text.Contains("title", StringComparison.OrdinalIgnoreCase) ? "title"
        : text.Contains("tags", StringComparison.OrdinalIgnoreCase) ? "tags"
        : text.Contains("follow-up", StringComparison.OrdinalIgnoreCase) || text.Contains("follow up", StringComparison.OrdinalIgnoreCase) ? "follow-up questions"
        : "task";

    private static string Marker(int index) => "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>Where a sentence ends: its punctuation (a closing quote or bracket) and any "[n]" markers after it.</summary>
    [GeneratedRegex(@"[.!?][""”’)]?(\s*\[\d+\])*(?=\s|$)")]
    private static partial Regex SentenceEnds();

    [GeneratedRegex(@"\b(generate|create|write|provide|suggest)\b[^.\n]{0,80}\b(title|tags)\b[^.\n]{0,80}\b(chat|conversation)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TitleRequest();
}

/// <summary>
/// A citation as an OpenAI <c>url_citation</c> annotation: the cited span of the text (character offsets), the document's
/// link and title, and Docent's extras — the quoted sentence, the document and passage ids, the display source and page.
/// </summary>
internal sealed record UrlCitation(string Url, string Title, int StartIndex, int EndIndex, string Quote, string DocumentId, string ChunkId, string Source, int? Page)
{
    /// <summary>The chat-completions shape: <c>{"type": "url_citation", "url_citation": {…}}</c>.</summary>
    public object ForChat() => new { type = "url_citation", url_citation = Fields() };

    /// <summary>The Responses shape: the fields beside <c>"type": "url_citation"</c>.</summary>
    public Dictionary<string, object?> ForResponses()
    {
        var fields = new Dictionary<string, object?> { ["type"] = "url_citation" };
        foreach (var (key, value) in Fields())
        {
            fields[key] = value;
        }

        return fields;
    }

    private Dictionary<string, object?> Fields() => new()
    {
        ["url"] = Url,
        ["title"] = Title,
        ["start_index"] = StartIndex,
        ["end_index"] = EndIndex,
        ["quote"] = Quote,
        ["document_id"] = DocumentId,
        ["chunk_id"] = ChunkId,
        ["source"] = Source,
        ["page"] = Page,
    };
}
