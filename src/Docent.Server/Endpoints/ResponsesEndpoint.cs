using System.Text;
using System.Text.Json;
using Docent.Answering;
using Docent.Asking;
using Docent.Server.Collections;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Endpoints;

/// <summary>
/// <c>POST /v1/responses</c>, OpenAI's Responses API over a collection (the "model"): the input's last user message is the
/// question, earlier messages (and those of <c>previous_response_id</c>, kept by <see cref="ResponseStore"/>) condense it;
/// the answer is one <c>message</c> output item whose <c>output_text</c> carries the citations as <c>url_citation</c>
/// annotations, whole or as the Responses event stream. Static.
/// </summary>
internal static class ResponsesEndpoint
{
    public static void Map(RouteGroupBuilder v1, ILogger log)
    {
        var store = new ResponseStore();
        v1.MapPost("/responses", async (ResponsesBody body, HttpContext context, CollectionRegistry registry, ServerOptions options, ServerAsking asking, CancellationToken ct) =>
        {
            var name = string.IsNullOrWhiteSpace(body.Model) ? CollectionRegistry.DefaultName : body.Model;
            var folder = await registry.GetAsync(name, ct);
            if (folder is null)
            {
                return OpenAIEndpoints.OpenAIError(404, $"The model \"{name}\" does not exist: models are Docent collections (GET /v1/models lists them).", "model_not_found");
            }

            var format = body.Text is { ValueKind: JsonValueKind.Object } text && text.TryGetProperty("format", out var f) ? f : (JsonElement?)null;
            if (OpenAIEndpoints.Unsupported(body.Tools, format, "text.format") is { } refused)
            {
                return refused;
            }

            if (body.MaxOutputTokens is < 1)
            {
                return OpenAIEndpoints.InvalidParameter("max_output_tokens", "must be at least 1.");
            }

            if (Messages(body.Input, out var problem) is not { } input)
            {
                return OpenAIEndpoints.InvalidParameter("input", problem!);
            }

            // A kept conversation is the asker's: the same key and, behind a proxy that names principals, the same principals.
            var caller = context.GetApiCaller().Name + "\u001f" + context.GetAccessScope().Key;
            var earlier = new List<ChatMessageBody>();
            if (body.PreviousResponseId is { } previous)
            {
                if (store.Find(previous, name, caller) is not { } kept)
                {
                    return Results.Json(new
                    {
                        error = new
                        {
                            message = $"Previous response with id \"{previous}\" not found: Docent keeps the newest {ResponseStore.Capacity} responses in memory until it restarts, each for the key (and principals) and model that asked.",
                            type = "invalid_request_error",
                            param = "previous_response_id",
                            code = "previous_response_not_found",
                        },
                    }, statusCode: 400);
                }

                earlier.AddRange(kept);
            }

            var messages = new List<ChatMessageBody>();
            if (!string.IsNullOrWhiteSpace(body.Instructions))
            {
                messages.Add(Message("system", body.Instructions));
            }

            messages.AddRange(earlier);
            messages.AddRange(input);
            if (RequestLimits.CheckMessages(messages, options) is { } overLimit)
            {
                return OpenAIEndpoints.OpenAIError(400, overLimit, "invalid_request_error");
            }

            var question = messages.Count > 0 && messages[^1].Role == "user" ? messages[^1].Text : null;
            if (string.IsNullOrWhiteSpace(question))
            {
                return OpenAIEndpoints.InvalidParameter("input", "must end with a user message holding the question.");
            }

            var (taskRefused, stream) = OpenAIEndpoints.Updates(messages, question, body.MaxOutputTokens, context, folder, name, options, asking, log, "responses", body.Stream == true, ct);
            if (taskRefused is not null)
            {
                return taskRefused;
            }

            var withPath = SourcePaths.Visible(context);
            var state = new Shape(
                "resp_" + Guid.NewGuid().ToString("N"), "msg_" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), name, body,
                body.Store != false);
            var promptTokens = OpenAIAnswers.PromptTokens(messages.Select(m => m.Text));
            if (body.Stream != true)
            {
                AskResult? last = null;
                await foreach (var update in stream.WithCancellation(ct))
                {
                    last = update.Result ?? last;
                }

                var result = last ?? throw new InvalidOperationException("The pipeline finished without an answer.");
                var answer = OpenAIAnswers.Fit(result.Answer, body.MaxOutputTokens);
                var content = answer.Text + OpenAIEndpoints.Footnotes(answer);
                Keep(store, state, messages, answer, caller);
                return Results.Ok(state.Response(answer, content, OpenAIAnswers.Usage(answer, promptTokens, content), context, withPath));
            }

            await ServerSentEvents.StartAsync(context);
            var sequence = 0;
            Task Send(string type, Dictionary<string, object?> fields)
            {
                fields["type"] = type;
                fields["sequence_number"] = sequence++;
                return ServerSentEvents.WriteAsync(context, type, fields, ct);
            }

            var where = new Dictionary<string, object?> { ["item_id"] = state.MessageId, ["output_index"] = 0, ["content_index"] = 0 };
            Dictionary<string, object?> At(params (string Key, object? Value)[] more)
            {
                var fields = new Dictionary<string, object?>(where);
                foreach (var (key, value) in more)
                {
                    fields[key] = value;
                }

                return fields;
            }

            await Send("response.created", new() { ["response"] = state.Pending() });
            await Send("response.in_progress", new() { ["response"] = state.Pending() });
            await Send("response.output_item.added", new() { ["output_index"] = 0, ["item"] = state.Item("in_progress", []) });
            await Send("response.content_part.added", At(("part", Shape.Part("", []))));
            var sent = new StringBuilder();
            await foreach (var update in stream.WithCancellation(ct))
            {
                if (update.Delta is { } delta)
                {
                    sent.Append(delta);
                    await Send("response.output_text.delta", At(("delta", delta), ("logprobs", Array.Empty<object>())));
                }
                else if (update.Result is { } result)
                {
                    // As for chat completions: a model's text was streamed already, so only its cautions and the footnotes follow.
                    var answer = OpenAIAnswers.Fit(result.Answer, body.MaxOutputTokens);
                    var streamed = sent.Length > 0;
                    var tail = (streamed ? (answer.Warnings.Count > 0 ? "\n\n" + string.Join("\n", answer.Warnings) : "") : answer.Text) + OpenAIEndpoints.Footnotes(answer);
                    if (tail.Length > 0)
                    {
                        sent.Append(tail);
                        await Send("response.output_text.delta", At(("delta", tail), ("logprobs", Array.Empty<object>())));
                    }

                    var content = sent.ToString();
                    var annotations = OpenAIAnswers.Citations(content, answer, context, name).Select(a => a.ForResponses()).ToList();
                    for (var i = 0; i < annotations.Count; i++)
                    {
                        await Send("response.output_text.annotation.added", At(("annotation_index", i), ("annotation", annotations[i])));
                    }

                    var status = answer.Truncated ? "incomplete" : "completed";
                    await Send("response.output_text.done", At(("text", content), ("logprobs", Array.Empty<object>())));
                    await Send("response.content_part.done", At(("part", Shape.Part(content, annotations))));
                    await Send("response.output_item.done", new() { ["output_index"] = 0, ["item"] = state.Item(status, [Shape.Part(content, annotations)]) });
                    Keep(store, state, messages, answer, caller);
                    await Send(answer.Truncated ? "response.incomplete" : "response.completed", new()
                    {
                        ["response"] = state.Response(answer, content, OpenAIAnswers.Usage(answer, promptTokens, content), context, withPath),
                    });
                }
            }

            return Results.Empty;
        }).WithName("OpenAIResponses").RequireScope(ApiScope.Read, (ResponsesBody b) => string.IsNullOrWhiteSpace(b.Model) ? CollectionRegistry.DefaultName : b.Model);
    }

    /// <summary>Keeps the conversation with this answer (its text without the footnotes) for a later previous_response_id, unless store is false.</summary>
    private static void Keep(ResponseStore store, Shape state, List<ChatMessageBody> messages, Answer answer, string caller)
    {
        if (state.Stored)
        {
            store.Add(state.Id, state.Model, caller, [.. messages.Where(m => m.Role is "user" or "assistant"), Message("assistant", answer.Text)]);
        }
    }

    /// <summary>The input as chat messages: a string is one user message; a list holds messages (role, and content as a string or text parts).</summary>
    private static List<ChatMessageBody>? Messages(JsonElement input, out string? problem)
    {
        problem = null;
        if (input.ValueKind == JsonValueKind.String)
        {
            return [Message("user", input.GetString() ?? "")];
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            problem = "must be a string or a list of messages.";
            return null;
        }

        var messages = new List<ChatMessageBody>();
        foreach (var item in input.EnumerateArray())
        {
            var type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) ? t.GetString() : "message";
            if (type != "message" || item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                problem = $"holds an item of type \"{type}\": Docent reads only messages (role and text content); it calls no tools.";
                return null;
            }

            var content = item.TryGetProperty("content", out var c) ? c : default;
            string? text = content.ValueKind switch
            {
                JsonValueKind.String => content.GetString(),
                JsonValueKind.Array => string.Join("\n", content.EnumerateArray()
                    .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var pt) && pt.GetString() is "input_text" or "output_text" or "text"
                        && p.TryGetProperty("text", out var pv) && pv.ValueKind == JsonValueKind.String)
                    .Select(p => p.GetProperty("text").GetString())),
                _ => null,
            };
            if (text is null)
            {
                problem = "holds a message whose content is neither a string nor a list of text parts.";
                return null;
            }

            messages.Add(Message(role.GetString()!, text));
        }

        return messages;
    }

    private static ChatMessageBody Message(string role, string text) => new(role, JsonSerializer.SerializeToElement(text));

    /// <summary>One response's ids and request, and its JSON shapes as the Responses API gives them.</summary>
    private sealed record Shape(string Id, string MessageId, long Created, string Model, ResponsesBody Body, bool Stored)
    {
        public static Dictionary<string, object?> Part(string text, IReadOnlyList<object> annotations) => new()
        {
            ["type"] = "output_text",
            ["text"] = text,
            ["annotations"] = annotations,
            ["logprobs"] = Array.Empty<object>(),
        };

        public Dictionary<string, object?> Item(string status, IReadOnlyList<object> content) => new()
        {
            ["id"] = MessageId,
            ["type"] = "message",
            ["status"] = status,
            ["role"] = "assistant",
            ["content"] = content,
        };

        public Dictionary<string, object?> Pending() => Common("in_progress", [], null, null);

        public Dictionary<string, object?> Response(Answer answer, string content, (long Prompt, long Completion) usage, HttpContext context, bool withPath)
        {
            var annotations = OpenAIAnswers.Citations(content, answer, context, Model).Select(a => (object)a.ForResponses()).ToList();
            var status = answer.Truncated ? "incomplete" : "completed";
            var response = Common(status, [Item(status, [Part(content, annotations)])], usage, answer.Truncated ? "max_output_tokens" : null);
            response["output_text"] = content;
            response["citations"] = answer.Citations.Select(c => CitationInfo.From(c, withPath)).ToList();
            response["unsupported"] = answer.Unsupported;
            response["warnings"] = answer.Warnings;
            response["closest_passages"] = answer.ClosestPassages.Select(p => PassageInfo.From(p, withPath)).ToList();
            response["confidence"] = answer.Confidence;
            return response;
        }

        private Dictionary<string, object?> Common(string status, IReadOnlyList<object> output, (long Prompt, long Completion)? usage, string? incomplete) => new()
        {
            ["id"] = Id,
            ["object"] = "response",
            ["created_at"] = Created,
            ["status"] = status,
            ["error"] = null,
            ["incomplete_details"] = incomplete is null ? null : new { reason = incomplete },
            ["instructions"] = Body.Instructions,
            ["max_output_tokens"] = Body.MaxOutputTokens,
            ["model"] = Model,
            ["output"] = output,
            ["parallel_tool_calls"] = false,
            ["previous_response_id"] = Body.PreviousResponseId,
            ["store"] = Stored,
            ["text"] = new { format = new { type = "text" } },
            ["tool_choice"] = "none",
            ["tools"] = Array.Empty<object>(),
            ["truncation"] = "disabled",
            ["usage"] = usage is { } u
                ? new
                {
                    input_tokens = u.Prompt,
                    input_tokens_details = new { cached_tokens = 0 },
                    output_tokens = u.Completion,
                    output_tokens_details = new { reasoning_tokens = 0 },
                    total_tokens = u.Prompt + u.Completion,
                }
                : null,
            ["metadata"] = new Dictionary<string, string>(),
        };
    }
}
