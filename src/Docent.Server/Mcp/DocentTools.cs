using System.ComponentModel;
using Docent.Answering;
using Docent.Asking;
using Docent.Retrieval;
using Docent.Server.Collections;
using Docent.Server.Endpoints;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Docent.Server.Mcp;

/// <summary>
/// The MCP tools a Docent server offers at <c>/mcp</c>: search a collection, ask it a question (an answer with
/// citations) and list its documents. Each returns structured content (its output schema is advertised in tools/list) and the
/// same JSON as text, in the REST API's shapes. Created per call; stateless.
/// </summary>
[McpServerToolType]
public sealed class DocentTools(CollectionRegistry registry, ServerOptions options, ServerAsking asking, Microsoft.AspNetCore.Http.IHttpContextAccessor http)
{
    /// <summary>Ranked passages of a collection for a query.</summary>
    [McpServerTool(Name = "search", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Searches a Docent collection and returns the best-matching passages as JSON (source — the document's path within the collection — title, page, headings, text, score).")]
    public async Task<SearchToolResult> SearchAsync(
        [Description("What to look for.")] string query,
        [Description("The collection to search; \"default\" when left out.")] string collection = "default",
        [Description("How many passages to return, 1 to 50.")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new McpException("query is required.");
        }

        if (top is < 1 or > 50)
        {
            throw new McpException("top must be between 1 and 50.");
        }

        if (query.Length > options.MaxQuestionLength)
        {
            throw new McpException(RequestLimits.QuestionTooLong("The query", query.Length, options));
        }

        var folder = await OpenAsync(collection, cancellationToken).ConfigureAwait(false);
        var hits = await folder.Retriever.RetrieveAsync(query, new RetrievalOptions { Top = top, Access = Access }, cancellationToken).ConfigureAwait(false);
        var withPath = SourcePaths.Visible(http.HttpContext);
        return new SearchToolResult(collection, query, [.. hits.Select(h => PassageInfo.From(h, withPath))]);
    }

    /// <summary>An answer from a collection with its citations.</summary>
    [McpServerTool(Name = "ask", ReadOnly = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Answers a question from the documents of a Docent collection. Returns JSON: the answer, whether it was found, citations (source, title, page, the quoted sentence), and warnings (cautions to pass on, such as a cited source holding instructions addressed to AI models).")]
    public async Task<AskToolResult> AskAsync(
        [Description("The question, in full.")] string question,
        [Description("The collection to ask; \"default\" when left out.")] string collection = "default",
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new McpException("question is required.");
        }

        if (question.Length > options.MaxQuestionLength)
        {
            throw new McpException(RequestLimits.QuestionTooLong("The question", question.Length, options));
        }

        var folder = await OpenAsync(collection, cancellationToken).ConfigureAwait(false);
        var request = new AskRequest { Access = Access, CallerName = http.HttpContext is { } context ? Security.Credentials.Resolve(context)?.Name : null };
        var name = string.IsNullOrWhiteSpace(collection) ? CollectionRegistry.DefaultName : collection;
        var result = await asking.For(folder, name).AskAsync(question, request, cancellationToken).ConfigureAwait(false);
        var answer = AnswerInfo.From(question, result, SourcePaths.Visible(http.HttpContext));
        return new AskToolResult(collection, answer.Question, answer.Answer, answer.Found, answer.Citations, answer.Unsupported, answer.Warnings, answer.Cached);
    }

    /// <summary>The documents of a collection.</summary>
    [McpServerTool(Name = "list_documents", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the documents of a Docent collection as JSON (id, file name, title, format, chunk count).")]
    public async Task<DocumentListToolResult> ListDocumentsAsync(
        [Description("The collection; \"default\" when left out.")] string collection = "default",
        CancellationToken cancellationToken = default)
    {
        var folder = await OpenAsync(collection, cancellationToken).ConfigureAwait(false);
        var documents = await folder.ListDocumentsAsync(Access, cancellationToken).ConfigureAwait(false);
        var withPath = SourcePaths.Visible(http.HttpContext);
        var name = string.IsNullOrWhiteSpace(collection) ? CollectionRegistry.DefaultName : collection;
        return new DocumentListToolResult(collection, [.. documents.Select(d => new DocumentEntry(
            d.Id, Path.GetFileName(d.ShownSource), d.ShownSource, d.Title, d.Format, d.ChunkCount, Docent.Ingestion.Quarantine.IsQuarantined(d),
            DocentResources.UriOf(name, d.Id), withPath ? d.Source : null))]);
    }

    private McpCaller Caller => new(registry, http.HttpContext);

    private Docent.Access.AccessScope Access => Caller.Access;

    private Task<Docent.Hosting.DataFolder> OpenAsync(string collection, CancellationToken cancellationToken) => Caller.OpenAsync(collection, cancellationToken);
}
