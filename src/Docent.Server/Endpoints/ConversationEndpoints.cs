using Docent.Server.Collections;
using Docent.Server.Security;
using Docent.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Docent.Server.Endpoints;

/// <summary>A conversation's stored turns (ask with a conversationId adds them). Static.</summary>
internal static class ConversationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
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
