using System.ComponentModel;
using System.Text.Json;
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
/// citations) and list its documents. Each returns JSON text in the REST API's shapes. Created per call; stateless.
/// </summary>
[McpServerToolType]
public sealed class DocentTools(CollectionRegistry registry, ServerOptions options, ServerAsking asking, Microsoft.AspNetCore.Http.IHttpContextAccessor http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private static readonly JsonSerializerOptions WithoutNulls = new(Json) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Ranked passages of a collection for a query.</summary>
    [McpServerTool(Name = "search", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Searches a Docent collection and returns the best-matching passages as JSON (source — the document's path within the collection — title, page, headings, text, score).")]
    public async Task<string> SearchAsync(
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
        return JsonSerializer.Serialize(new { collection, query, results = hits.Select(h => PassageInfo.From(h, withPath)).ToList() }, Json);
    }

    /// <summary>An answer from a collection with its citations.</summary>
    [McpServerTool(Name = "ask", ReadOnly = true, OpenWorld = false)]
    [Description("Answers a question from the documents of a Docent collection. Returns JSON: the answer, whether it was found, citations (source, title, page, the quoted sentence), and warnings (cautions to pass on, such as a cited source holding instructions addressed to AI models).")]
    public async Task<string> AskAsync(
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
        return JsonSerializer.Serialize(new { collection, answer.Question, answer.Answer, answer.Found, answer.Citations, answer.Unsupported, answer.Warnings, answer.Cached }, Json);
    }

    /// <summary>The documents of a collection.</summary>
    [McpServerTool(Name = "list_documents", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Lists the documents of a Docent collection as JSON (id, file name, title, format, chunk count).")]
    public async Task<string> ListDocumentsAsync(
        [Description("The collection; \"default\" when left out.")] string collection = "default",
        CancellationToken cancellationToken = default)
    {
        var folder = await OpenAsync(collection, cancellationToken).ConfigureAwait(false);
        var documents = await folder.ListDocumentsAsync(Access, cancellationToken).ConfigureAwait(false);
        var withPath = SourcePaths.Visible(http.HttpContext);
        return JsonSerializer.Serialize(new
        {
            collection,
            documents = documents.Select(d => new
            {
                d.Id,
                name = Path.GetFileName(d.ShownSource),
                source = d.ShownSource,
                d.Title,
                d.Format,
                d.ChunkCount,
                quarantined = Docent.Ingestion.Quarantine.IsQuarantined(d),
                path = withPath ? d.Source : null,
            }).ToList(),
        }, WithoutNulls);
    }

    /// <summary>Whose documents the calling key may read (documents without an access list when the call came without one).</summary>
    private Docent.Access.AccessScope Access =>
        http.HttpContext is { } context ? Security.ApiAccessConventions.GetAccessScope(context) : Docent.Access.AccessScope.Public;

    private async Task<Docent.Hosting.DataFolder> OpenAsync(string collection, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(collection) ? CollectionRegistry.DefaultName : collection;

        // /mcp needs a read key on some collection; each tool call also needs it on the collection it names.
        if (http.HttpContext is { } context && Security.Credentials.Resolve(context) is { } caller && !caller.Allows(Security.ApiScope.Read, name))
        {
            throw new McpException(caller.Refusal(Security.ApiScope.Read, name));
        }

        return await registry.GetAsync(name, cancellationToken).ConfigureAwait(false)
               ?? throw new McpException($"No collection \"{name}\". Collections: {string.Join(", ", registry.List())}.");
    }
}
