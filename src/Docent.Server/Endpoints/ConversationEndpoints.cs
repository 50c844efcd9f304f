using Docent.Server.Collections;
using Docent.Server.Security;
using Docent.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Docent.Server.Endpoints;

/// <summary>The caller's stored conversations and a conversation's turns (ask with a conversationId adds them). Static.</summary>
internal static class ConversationEndpoints
{
    /// <summary>The most conversations one list returns.</summary>
    public const int MaxListed = 200;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/collections/{collection}/conversations", async (string collection, int? limit, HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            if (limit is < 1 or > MaxListed)
            {
                return Problems.BadRequest($"limit must be between 1 and {MaxListed}.");
            }

            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            // Only the caller's scope's conversations: a title is a question, and another scope's may name what this caller may not read.
            var list = (await folder.Conversations.ListAsync(context.GetAccessScope(), limit ?? 50, ct))
                .Select(c => c with { Title = folder.RedactOutput(c.Title) })
                .ToList();
            return Results.Ok(new ConversationList(list));
        }).WithName("ListConversations").RequireScope(ApiScope.Read);

        app.MapGet("/api/collections/{collection}/conversations/{id}", async (string collection, string id, HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            try
            {
                ConversationStore.ValidateId(id);
            }
            catch (ArgumentException ex)
            {
                return Problems.BadRequest(ex.Message);
            }

            // Another scope's conversation reads as missing: its answers may quote documents this caller may not read. With
            // pii.redact = answers, turns stored before the setting (or a model's words) are redacted as they leave.
            var turns = (await folder.Conversations.GetTurnsAsync(id, context.GetAccessScope(), ct))
                .Select(t => t with { Question = folder.RedactOutput(t.Question), StandaloneQuestion = folder.RedactOutput(t.StandaloneQuestion), Answer = folder.RedactOutput(t.Answer) })
                .ToList();
            return turns.Count == 0
                ? Problems.NotFound($"There is no conversation \"{id}\" in collection \"{collection}\".")
                : Results.Ok(new ConversationInfo(id, turns));
        }).WithName("GetConversation").RequireScope(ApiScope.Read);
    }
}
