using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Docent.Answering;
using Docent.Conversation;
using Docent.Server.Collections;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Docent.Server.Endpoints;

/// <summary>
/// OpenAI-compatible endpoints: every collection is a "model". <c>POST /v1/chat/completions</c> answers the last
/// user message from that collection (earlier messages condense it), streamed or not; citations come as an extra
/// <c>citations</c> field and as Markdown footnotes at the end of the content. Static.
/// </summary>
internal static class OpenAIEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/models", (HttpContext context, CollectionRegistry registry) => Results.Ok(new
        {
            @object = "list",
            data = registry.List().Where(n => context.GetApiCaller().Allows(ApiScope.Read, n)).Select(name => new { id = name, @object = "model", created = 0, owned_by = "docent" }).ToList(),
        })).WithName("OpenAIListModels").RequireScope(ApiScope.Read);

        v1.MapPost("/chat/completions", async (ChatCompletionBody body, HttpContext context, CollectionRegistry registry, CancellationToken ct) =>
        {
            var name = string.IsNullOrWhiteSpace(body.Model) ? CollectionRegistry.DefaultName : body.Model;
            var folder = await registry.GetAsync(name, ct);
            if (folder is null)
            {
                return OpenAIError(404, $"The model \"{name}\" does not exist: models are Docent collections (GET /v1/models lists them).", "model_not_found");
            }

            var messages = body.Messages ?? [];
            var question = messages.LastOrDefault(m => m.Role == "user")?.Text;
            if (string.IsNullOrWhiteSpace(question))
            {
                return OpenAIError(400, "messages must end with a user message holding the question.", "invalid_request_error");
            }

            var request = new AskRequest { History = History(messages), Answering = { DropUnsupported = folder.Options.Settings.DropUnsupported } };
            var pipeline = folder.CreateAskPipeline();
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (body.Stream != true)
            {
                var result = await pipeline.AskAsync(question, request, ct);
                var content = result.Answer.Text + Footnotes(result.Answer);
                return Results.Ok(new
                {
                    id,
                    @object = "chat.completion",
                    created,
                    model = name,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 0, completion_tokens = 0, total_tokens = 0 },
                    citations = result.Answer.Citations.Select(CitationInfo.From).ToList(),
                    unsupported = result.Answer.Unsupported,
                });
            }

            await ServerSentEvents.StartAsync(context);
            await ServerSentEvents.WriteAsync(context, null, Chunk(id, created, name, new { role = "assistant", content = "" }, null), ct);
            var streamed = false;
            await foreach (var update in pipeline.AskStreamingAsync(question, request, ct))
            {
                if (update.Delta is { } delta)
                {
                    streamed = true;
                    await ServerSentEvents.WriteAsync(context, null, Chunk(id, created, name, new { content = delta }, null), ct);
                }
                else if (update.Result is { } result)
                {
                    // An extractive answer arrives whole; a model's was streamed already. Footnotes close both.
                    var tail = (streamed ? "" : result.Answer.Text) + Footnotes(result.Answer);
                    await ServerSentEvents.WriteAsync(context, null, Chunk(id, created, name, new { content = tail }, null), ct);
                    await ServerSentEvents.WriteAsync(context, null, new
                    {
                        id,
                        @object = "chat.completion.chunk",
                        created,
                        model = name,
                        choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
                        citations = result.Answer.Citations.Select(CitationInfo.From).ToList(),
                        unsupported = result.Answer.Unsupported,
                    }, ct);
                }
            }

            await ServerSentEvents.WriteRawAsync(context, "[DONE]", ct);
            return Results.Empty;
        }).WithName("OpenAIChatCompletions").RequireScope(ApiScope.Read, (ChatCompletionBody b) => string.IsNullOrWhiteSpace(b.Model) ? CollectionRegistry.DefaultName : b.Model);
    }

    private static object Chunk(string id, long created, string model, object delta, string? finish) => new
    {
        id,
        @object = "chat.completion.chunk",
        created,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    };

    /// <summary>Earlier user/assistant pairs as conversation turns, for condensing the last question.</summary>
    private static List<ConversationTurn> History(IReadOnlyList<ChatMessageBody> messages)
    {
        var turns = new List<ConversationTurn>();
        string? pending = null;
        foreach (var message in messages.Take(messages.Count - 1))
        {
            if (message.Role == "user")
            {
                pending = message.Text;
            }
            else if (message.Role == "assistant" && pending is not null)
            {
                turns.Add(new ConversationTurn(turns.Count + 1, pending, pending, message.Text ?? "", true, DateTimeOffset.UnixEpoch));
                pending = null;
            }
        }

        return turns;
    }

    /// <summary>Markdown footnotes naming each cited source: "[1]: title › headings, p. 3 — “quote”".</summary>
    public static string Footnotes(Answer answer)
    {
        if (answer.Citations.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder("\n\n");
        foreach (var c in answer.Citations)
        {
            text.Append('[').Append(c.Index.ToString(CultureInfo.InvariantCulture)).Append("]: ").Append(c.Title);
            if (c.HeadingPath.Count > 0)
            {
                text.Append(" › ").Append(string.Join(" › ", c.HeadingPath));
            }

            if (c.Page is { } page)
            {
                text.Append(", p. ").Append(page.ToString(CultureInfo.InvariantCulture));
            }

            text.Append(" — “").Append(c.Quote).Append("” (").Append(Path.GetFileName(c.Source)).Append(")\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static IResult OpenAIError(int status, string message, string code) =>
        Results.Json(new { error = new { message, type = code, code } }, statusCode: status);
}

/// <summary>The parts of an OpenAI chat-completions request Docent reads.</summary>
public sealed record ChatCompletionBody(string? Model, IReadOnlyList<ChatMessageBody>? Messages, bool? Stream);

/// <summary>One chat message; content may be a string or a list of parts (only text parts are read).</summary>
public sealed record ChatMessageBody(string Role, System.Text.Json.JsonElement Content)
{
    /// <summary>The message's text.</summary>
    [JsonIgnore]
    public string? Text => Content.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => Content.GetString(),
        System.Text.Json.JsonValueKind.Array => string.Join("\n", Content.EnumerateArray()
            .Where(p => p.TryGetProperty("type", out var t) && t.GetString() == "text" && p.TryGetProperty("text", out _))
            .Select(p => p.GetProperty("text").GetString())),
        _ => null,
    };
}
