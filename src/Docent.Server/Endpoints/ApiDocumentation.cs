using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Docent.Server.Endpoints;

/// <summary>
/// The OpenAPI description of every endpoint, kept in one table keyed by the endpoint's name (its operationId): summary,
/// description, tag, success status and body schema, the error answers it can give, and the multipart body of uploads.
/// One place rather than attributes on each handler, so a reader sees the whole API's contract at once; ApiDocumentationTests
/// checks that every operation in the document is described and that real responses match the schemas. Also maps the API reference page
/// (Scalar, served from the package with no CDN, fonts or telemetry).
/// </summary>
internal static class ApiDocumentation
{
    /// <summary>Where the API reference page is served.</summary>
    public const string ReferencePath = "/api/reference";

    private const string Json = "application/json";
    private const string EventStream = "text/event-stream";

    /// <summary>How one endpoint is described: success status and body (null: none), other success content, and the errors it may answer.</summary>
    private sealed record Operation(string Tag, string Summary, string Description, int Status, Type? Body, int[] Errors, string? AlsoContent = null)
    {
        /// <summary>Whether errors come in OpenAI's shape (<see cref="OpenAIErrorBody"/>, the /v1 endpoints) rather than problem+json.</summary>
        public bool OpenAIErrors => Tag == "OpenAI";
    }

    private static readonly Dictionary<string, Operation> Operations = new(StringComparer.Ordinal)
    {
        ["Health"] = new("Server", "Report that the server is up",
            "Answers 200 with {\"status\":\"ok\"} while the server runs; needs no key (for load balancers and probes).", 200, typeof(HealthStatus), []),
        ["ListCollections"] = new("Collections", "List the collections",
            "The collections this caller may read, with how many documents and passages each holds (counting only documents the caller may read).",
            200, typeof(List<CollectionInfo>), [401, 403, 429]),
        ["CreateCollection"] = new("Collections", "Create a collection",
            "Creates an empty collection (a data folder under the server's). Names are letters, digits, '-' and '_'.",
            201, typeof(CollectionInfo), [400, 401, 403, 409, 429]),
        ["DeleteCollection"] = new("Collections", "Delete a collection",
            "Deletes the collection and everything stored in it. Needs the admin scope.", 204, null, [401, 403, 404, 429]),
        ["Search"] = new("Asking", "Search a collection",
            "The passages that best match q (hybrid lexical and vector retrieval, reranked), best first; top says how many (default 10).",
            200, typeof(SearchResults), [400, 401, 403, 404, 429]),
        ["Ask"] = new("Asking", "Ask a question",
            "Answers from the collection's documents, every sentence cited to a passage; a refusal (found false) lists the closest passages. " +
            "Send Accept: text/event-stream to stream: events question (the standalone question of a follow-up), delta (answer text) and answer (the whole answer, as the JSON body). " +
            "conversationId continues a conversation; newConversation starts one and returns its id.",
            200, typeof(AnswerInfo), [400, 401, 403, 404, 429], EventStream),
        ["GetConversation"] = new("Asking", "Read a conversation",
            "The turns of a conversation (questions, standalone questions and answers), oldest first. Another caller's conversation reads as missing.",
            200, typeof(ConversationInfo), [400, 401, 403, 404, 429]),
        ["ListConversations"] = new("Asking", "List the caller's conversations",
            "The caller's conversations in the collection, newest first (limit: 1–200, default 50): id, title (the first question), times and turns. " +
            "Only conversations started by this caller's access scope are listed.",
            200, typeof(ConversationList), [400, 401, 403, 404, 429]),
        ["PostFeedback"] = new("Asking", "Rate an answer",
            "Stores a thumbs-up or thumbs-down verdict (rating up or down, optional comment) on a stored turn (conversationId and turn) or on a " +
            "question and answer the client gives. Kept in the collection's feedback.jsonl, counted as docent.feedback, and exported as a golden set " +
            "by docent feedback export.",
            201, typeof(FeedbackReceipt), [400, 401, 403, 404, 429]),
        ["ListDocuments"] = new("Documents", "List the documents",
            "The documents of the collection this caller may read: source, title, format, passages, warnings, parse-quality report, access list.",
            200, typeof(List<DocumentInfo>), [401, 403, 404, 429]),
        ["UploadDocuments"] = new("Documents", "Upload documents",
            "Stores and indexes the files of a multipart/form-data body (field files; optional field access: principals such as group:hr, comma-separated). " +
            "Each file is reported on its own: added, updated, unchanged or failed with the reason; one bad file never stops the others.",
            200, typeof(UploadResults), [400, 401, 403, 404, 413, 429]),
        ["GetPassage"] = new("Documents", "Read one passage",
            "One passage of a document by its chunk id (as search hits and citations give it): the document's source and title, the page, heading path, " +
            "region on a scanned page, and the text. Citation links of the OpenAI endpoints open it in the browser page.",
            200, typeof(PassageView), [400, 401, 403, 404, 429]),
        ["SetDocumentAccess"] = new("Documents", "Set who may read a document",
            "Replaces the document's access list (principals such as group:hr or user:alice@example.com); an empty list lets every caller read it.",
            200, typeof(DocumentInfo), [400, 401, 403, 404, 429]),
        ["DeleteDocument"] = new("Documents", "Delete a document",
            "Removes the document and its passages from every index (and the files inside it, for an archive or mailbox).", 204, null, [401, 403, 404, 429]),
        ["ListKeys"] = new("Keys", "List the API keys",
            "Every key's name, collections, scopes, principals and creation time; never the secrets. Needs the admin key.", 200, typeof(List<KeyInfo>), [401, 403, 429]),
        ["CreateKey"] = new("Keys", "Create an API key",
            "Creates a key for some collections (or \"*\") with scopes read, write or admin, and the principals its caller reads as. The secret is shown once, in this answer.",
            201, typeof(CreatedKeyInfo), [400, 401, 403, 409, 429]),
        ["DeleteKey"] = new("Keys", "Delete an API key", "Revokes the key at once.", 204, null, [401, 403, 404, 429]),
        ["OpenAIListModels"] = new("OpenAI", "List the models (collections)",
            "OpenAI's model list: one model per collection this caller may read, its id the collection's name.", 200, typeof(OpenAIModelListDoc), [401, 403, 429]),
        ["OpenAIGetModel"] = new("OpenAI", "Read one model (collection)",
            "OpenAI's model object for one collection; 404 model_not_found for a name that is no collection.", 200, typeof(OpenAIModelDoc), [401, 403, 404, 429]),
        ["OpenAIChatCompletions"] = new("OpenAI", "Answer a chat (OpenAI chat completions)",
            "Answers the last user message from the collection named by model, earlier messages condensing a follow-up; the body and answer are OpenAI's chat completion " +
            "(stream: true sends chat.completion.chunk events ending in [DONE]). Citations come as url_citation annotations, Markdown footnotes and an extra citations field; " +
            "usage is counted; max_tokens is honoured; tools and non-text response_format are refused with 400.",
            200, typeof(ChatCompletionDoc), [400, 401, 403, 404, 429], EventStream),
        ["OpenAIResponses"] = new("OpenAI", "Answer an input (OpenAI Responses API)",
            "The same answer in the Responses API's shape: input as a string or messages, instructions, previous_response_id, max_output_tokens; one message output item whose " +
            "output_text carries url_citation annotations (stream: true sends the Responses events, response.created to response.completed, each with its sequence_number).",
            200, typeof(ResponseDoc), [400, 401, 403, 404, 429], EventStream),
        ["OpenAIEmbeddings"] = new("OpenAI", "Embed text (OpenAI embeddings)",
            "Embeds a string or an array of strings with the collection's embedding model (float or base64); 400 when the collection has none.",
            200, typeof(EmbeddingListDoc), [400, 401, 403, 404, 429]),
    };

    /// <summary>Adds the document and operation descriptions to the server's OpenAPI document.</summary>
    public static OpenApiOptions AddDocentDescriptions(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Docent";
            document.Info.Version = DocentServer.ProductVersion;
            document.Info.Description =
                "Answers questions from an organisation's own documents, every claim cited to a passage. The REST API is under /api; " +
                "OpenAI-compatible endpoints under /v1 (a collection is a model); an MCP server at /mcp. Errors are RFC 9457 problem+json " +
                "under /api and OpenAI's {\"error\": {...}} under /v1.";
            document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
            // The default server entry ends with '/', which makes every path start with "//" when joined.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "Server", Description = "Whether the server is up." },
                new() { Name = "Collections", Description = "Collections: separate sets of documents, each with its own indexes." },
                new() { Name = "Documents", Description = "Uploading, listing, protecting and deleting documents." },
                new() { Name = "Asking", Description = "Search, answers with citations, and conversations." },
                new() { Name = "Keys", Description = "API keys and what each may do (admin only)." },
                new() { Name = "OpenAI", Description = "OpenAI-compatible endpoints for existing clients; the model is a collection's name." },
            };
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Problem answers carry extensions beside the RFC 9457 members (traceId; errors of a bad body).
            if (context.JsonTypeInfo.Type == typeof(ProblemDetails))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, for the server's logs." };
                schema.AdditionalProperties = new OpenApiSchema { Description = "Other extension members." };
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName == "UploadDocuments")
            {
                operation.RequestBody = UploadBody();
            }

            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response is not OpenApiResponse plain || !int.TryParse(status, out var code))
                {
                    continue;
                }

                plain.Description = code < 400 ? SuccessWords(code) : ErrorWords(code);
                if (plain.Content?.TryGetValue(EventStream, out var stream) == true)
                {
                    stream.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "Server-sent events; each event's data is one JSON object (see the operation's description).",
                    };
                }
            }

            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>
    /// Adds an endpoint's description from the table as endpoint metadata (summary, description, tag, the responses it gives
    /// with their bodies), so the OpenAPI generator writes the schemas as shared components. Run as a Finally convention,
    /// after the endpoint's own conventions have named it.
    /// </summary>
    public static void Describe(EndpointBuilder endpoint)
    {
        var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is null || !Operations.TryGetValue(name, out var described))
        {
            return;
        }

        endpoint.Metadata.Add(new EndpointSummaryAttribute(described.Summary));
        endpoint.Metadata.Add(new EndpointDescriptionAttribute(described.Description));
        endpoint.Metadata.Add(new TagsAttribute(described.Tag));
        string[] success = described.AlsoContent is { } also ? [Json, also] : [Json];
        endpoint.Metadata.Add(new ProducesResponseTypeMetadata(described.Status, described.Body ?? typeof(void), described.Body is null ? [] : success));
        foreach (var status in described.Errors)
        {
            endpoint.Metadata.Add(described.OpenAIErrors
                ? new ProducesResponseTypeMetadata(status, typeof(OpenAIErrorBody), [Json])
                : new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }

    /// <summary>Serves the API reference page (Scalar) over the OpenAPI document, from the package's own files: no CDN, web fonts or telemetry.</summary>
    public static void MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(ReferencePath, scalar =>
        {
            scalar.Title = "Docent API";
            scalar.Telemetry = false;
            scalar.DefaultFonts = false;
        }).AllowAnonymous();

    private static OpenApiRequestBody UploadBody() => new()
    {
        Required = true,
        Description = "The files to store (field files, one or more) and, optionally, who may read them (field access).",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "files" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["files"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            Description = "Documents: PDF, Word, HTML, Markdown, text, slides, spreadsheets, e-books, e-mail, archives, images.",
                        },
                        ["access"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = "Principals who may read the files, comma-separated (group:hr,user:carol@example.com); absent: every caller.",
                            Examples = [JsonValue.Create("group:hr")],
                        },
                    },
                },
            },
        },
    };

    private static string SuccessWords(int status) => status switch
    {
        201 => "Created.",
        204 => "Done; no body.",
        _ => "OK.",
    };

    private static string ErrorWords(int status) => status switch
    {
        400 => "The request is not valid; detail says why.",
        401 => "No API key, or one the server does not know.",
        403 => "The key may not do this (scope or collection).",
        404 => "The collection, document, conversation or key does not exist (or this caller may not see it).",
        409 => "It exists already.",
        413 => "The upload is larger than the server accepts.",
        429 => "Too many requests; Retry-After says when to try again.",
        _ => "Error.",
    };
}

/// <summary>An error under /v1, in OpenAI's shape: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
public sealed record OpenAIErrorBody(OpenAIErrorDetail Error);

/// <summary>What went wrong: the message, the error's type and code, and the parameter at fault (null when none).</summary>
public sealed record OpenAIErrorDetail(string Message, string Type, string? Code, string? Param = null);

/// <summary>The body of GET /health.</summary>
public sealed record HealthStatus(string Status);

/// <summary>The body of a search: the query and its hits, best first.</summary>
public sealed record SearchResults(string Query, IReadOnlyList<PassageInfo> Results);

/// <summary>The body of an upload: what happened to each file, in the order sent.</summary>
public sealed record UploadResults(IReadOnlyList<UploadResult> Results);

/// <summary>A conversation as the API returns it: its id and its turns, oldest first.</summary>
public sealed record ConversationInfo(string Id, IReadOnlyList<Docent.Conversation.ConversationTurn> Turns);

/// <summary>The body of a conversation listing: the caller's conversations, newest first.</summary>
public sealed record ConversationList(IReadOnlyList<Docent.Storage.ConversationSummary> Conversations);

/// <summary>The body that acknowledges stored feedback: the verdict and the turn it rates (when it rates a stored one).</summary>
public sealed record FeedbackReceipt(string Rating, string? ConversationId, int? Turn);
