using System.Text.Json;
using Docent.Answering;
using Docent.Asking;
using Docent.Retrieval;
using Docent.Server.Collections;
using Docent.Server.Observability;
using Docent.Server.Security;
using Docent.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Endpoints;

/// <summary>Health, collections, search and ask (JSON, or server-sent events when the client asks for a stream). Static.</summary>
internal static class CoreEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Ok(new HealthStatus("ok"))).WithName("Health").AllowAnonymous();

        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CoreEndpoints));
        var api = app.MapGroup("/api");
        api.MapGet("/collections", async (HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            var list = new List<CollectionInfo>();
            var caller = context.GetApiCaller();
            foreach (var name in registry.List().Where(n => caller.Allows(ApiScope.Read, n)))
            {
                var folder = await registry.GetAsync(name, ct);
                var stats = await folder!.GetStoreStatisticsAsync(context.GetAccessScope(), ct);
                list.Add(new CollectionInfo(name, stats.Documents, stats.Chunks));
            }

            return Results.Ok(list);
        }).WithName("ListCollections").RequireScope(ApiScope.Read);

        api.MapPost("/collections", (CreateCollectionBody body, CollectionRegistry registry) =>
        {
            if (!CollectionRegistry.IsValidName(body.Name ?? "") || body.Name == CollectionRegistry.DefaultName)
            {
                return Problems.BadRequest($"\"{body.Name}\" is not a collection name: use 1–64 lower-case letters, digits, '-' or '_' (not \"default\").");
            }

            return registry.Create(body.Name!)
                ? Results.Created($"/api/collections/{body.Name}", new CollectionInfo(body.Name!, 0, 0))
                : Problems.Conflict($"Collection \"{body.Name}\" exists already.");
        }).WithName("CreateCollection").RequireScope(ApiScope.Write, (CreateCollectionBody b) => b.Name);

        api.MapDelete("/collections/{collection}", async (string collection, CollectionRegistry registry, CancellationToken ct) =>
        {
            if (collection == CollectionRegistry.DefaultName)
            {
                return Problems.BadRequest("The default collection is the data folder itself and cannot be deleted.");
            }

            return await registry.DeleteAsync(collection, ct) ? Results.NoContent() : Problems.NoCollection(collection);
        }).WithName("DeleteCollection").RequireScope(ApiScope.Admin);

        api.MapGet("/collections/{collection}/search", async (string collection, string? q, int? top, HttpContext context, CollectionRegistry registry, ServerOptions options, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                return Problems.BadRequest("The query parameter q is required, e.g. /search?q=travel+policy.");
            }

            if (q.Length > options.MaxQuestionLength)
            {
                return Problems.BadRequest(RequestLimits.QuestionTooLong("The query q", q.Length, options));
            }

            if (top is < 1 or > 100)
            {
                return Problems.BadRequest("top must be between 1 and 100.");
            }

            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            var hits = await folder.Retriever.RetrieveAsync(q, new RetrievalOptions { Top = top ?? 10, Access = context.GetAccessScope() }, ct);
            var withPath = SourcePaths.Visible(context);
            return Results.Ok(new SearchResults(q, hits.Select(h => PassageInfo.From(h, withPath)).ToList()));
        }).WithName("Search").RequireScope(ApiScope.Read);

        api.MapPost("/collections/{collection}/ask", async (string collection, AskBody body, HttpContext context, CollectionRegistry registry, ServerOptions options, ServerAsking asking, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Question))
            {
                return Problems.BadRequest("question is required.");
            }

            if (body.Question.Length > options.MaxQuestionLength)
            {
                return Problems.BadRequest(RequestLimits.QuestionTooLong("The question", body.Question.Length, options));
            }

            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            var request = new AskRequest
            {
                Top = body.Top ?? 8,
                ConversationId = body.NewConversation == true ? body.ConversationId ?? ConversationStore.NewId() : body.ConversationId,
                Answering = body.DropUnsupported is { } drop ? new AnswerOptions { DropUnsupported = drop } : null,
                CallerName = context.GetApiCaller().Name,
                Access = context.GetAccessScope(),
            };
            try
            {
                request.Validate();
            }
            catch (ArgumentException ex)
            {
                return Problems.BadRequest(ex.Message);
            }

            if (body.NewConversation == true && body.ConversationId is not null)
            {
                return Problems.BadRequest("Give either conversationId (to continue a conversation) or newConversation (to start one), not both.");
            }

            if (request.ConversationId is { } conversation && !await folder.Conversations.CanContinueAsync(conversation, request.Access, ct))
            {
                return Problems.NotFound($"There is no conversation \"{conversation}\" in collection \"{collection}\".");
            }

            var pipeline = asking.For(folder, collection);
            var withPath = SourcePaths.Visible(context);
            ServerLog.AskReceived(log, collection, "api", body.Question.Length, WantsStream(context));
            if (!WantsStream(context))
            {
                return Results.Ok(AnswerInfo.From(body.Question, await pipeline.AskAsync(body.Question, request, ct), withPath));
            }

            await ServerSentEvents.StartAsync(context);
            await foreach (var update in pipeline.AskStreamingAsync(body.Question, request, ct))
            {
                if (update.StandaloneQuestion is { } standalone)
                {
                    await ServerSentEvents.WriteAsync(context, "question", new { standaloneQuestion = standalone }, ct);
                }
                else if (update.Delta is { } delta)
                {
                    await ServerSentEvents.WriteAsync(context, "delta", new { text = delta }, ct);
                }
                else if (update.Result is { } result)
                {
                    await ServerSentEvents.WriteAsync(context, "answer", AnswerInfo.From(body.Question, result, withPath), ct);
                }
            }

            return Results.Empty;
        }).WithName("Ask").RequireScope(ApiScope.Read);
    }

    /// <summary>Whether the client asked for server-sent events.</summary>
    public static bool WantsStream(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
}

/// <summary>The body that creates a collection.</summary>
public sealed record CreateCollectionBody(string? Name);
