using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Docent.Answering;
using Docent.Asking;
using Docent.Conversation;
using Docent.Retrieval;
using Docent.Server.Collections;
using Docent.Server.Observability;
using Docent.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Endpoints;

/// <summary>
/// OpenAI-compatible endpoints: every collection is a "model". <c>POST /v1/chat/completions</c> answers the last
/// user message from that collection (earlier messages condense it), streamed or not; citations come as
/// <c>url_citation</c> annotations, an extra <c>citations</c> field and Markdown footnotes at the end of the content, with
/// <c>usage</c> counted and <c>max_tokens</c> honoured (<see cref="OpenAIAnswers"/>). <c>POST /v1/responses</c> does the same
/// in the Responses API's shape (<see cref="ResponsesEndpoint"/>). <c>POST /v1/embeddings</c> embeds text with the
/// collection's embedding model when it has one. Static.
/// </summary>
internal static class OpenAIEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenAIEndpoints));
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/models", (HttpContext context, CollectionRegistry registry) => Results.Ok(new
        {
            @object = "list",
            data = registry.List().Where(n => context.GetApiCaller().Allows(ApiScope.Read, n)).Select(name => new { id = name, @object = "model", created = 0, owned_by = "docent" }).ToList(),
        })).WithName("OpenAIListModels").RequireScope(ApiScope.Read);

        // The route value is named "collection" so the key check covers exactly the collection asked about.
        v1.MapGet("/models/{collection}", (string collection, CollectionRegistry registry) => registry.List().Contains(collection, StringComparer.Ordinal)
            ? Results.Ok(new { id = collection, @object = "model", created = 0, owned_by = "docent" })
            : OpenAIError(404, $"The model \"{collection}\" does not exist: models are Docent collections (GET /v1/models lists them).", "model_not_found"))
            .WithName("OpenAIGetModel").RequireScope(ApiScope.Read);

        // Any other /v1 request (an unknown route, or a known one with another method) gets OpenAI's error shape, not problem+json.
        app.MapFallback("/v1/{**rest}", (HttpContext context) => OpenAIError(
            404,
            $"Docent's OpenAI-compatible API has no {context.Request.Method} {context.Request.Path}: it serves GET /v1/models, GET /v1/models/{{id}}, POST /v1/chat/completions, POST /v1/responses and POST /v1/embeddings.",
            "unknown_url"))
            .WithName("OpenAIUnknownRoute").AllowAnonymous();

        v1.MapPost("/chat/completions", async (ChatCompletionBody body, HttpContext context, CollectionRegistry registry, ServerOptions options, ServerAsking asking, CancellationToken ct) =>
        {
            var name = string.IsNullOrWhiteSpace(body.Model) ? CollectionRegistry.DefaultName : body.Model;
            var folder = await registry.GetAsync(name, ct);
            if (folder is null)
            {
                return OpenAIError(404, $"The model \"{name}\" does not exist: models are Docent collections (GET /v1/models lists them).", "model_not_found");
            }

            if (Unsupported(body) is { } refused)
            {
                return refused;
            }

            var maxTokens = body.MaxCompletionTokens ?? body.MaxTokens;
            if (maxTokens is < 1)
            {
                return InvalidParameter(body.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens", "must be at least 1.");
            }

            var messages = body.Messages ?? [];
            if (RequestLimits.CheckMessages(messages, options) is { } overLimit)
            {
                return OpenAIError(400, overLimit, "invalid_request_error");
            }

            var question = messages.LastOrDefault(m => m.Role == "user")?.Text;
            if (string.IsNullOrWhiteSpace(question))
            {
                return OpenAIError(400, "messages must end with a user message holding the question.", "invalid_request_error");
            }

            var (taskRefused, stream) = Updates(messages, question, maxTokens, context, folder, name, options, asking, log, "openai", body.Stream == true, ct);
            if (taskRefused is not null)
            {
                return taskRefused;
            }

            var withPath = SourcePaths.Visible(context);
            var promptTokens = OpenAIAnswers.PromptTokens(messages.Select(m => m.Text));
            var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
            var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (body.Stream != true)
            {
                AskResult? last = null;
                await foreach (var update in stream.WithCancellation(ct))
                {
                    last = update.Result ?? last;
                }

                var result = last ?? throw new InvalidOperationException("The pipeline finished without an answer.");
                var answer = OpenAIAnswers.Fit(result.Answer, maxTokens);
                var content = answer.Text + Footnotes(answer);
                var (prompt, completion) = OpenAIAnswers.Usage(answer, promptTokens, content);
                return Results.Ok(new
                {
                    id,
                    @object = "chat.completion",
                    created,
                    model = name,
                    choices = new[]
                    {
                        new
                        {
                            index = 0,
                            message = new { role = "assistant", content, annotations = OpenAIAnswers.Citations(content, answer, context, name).Select(a => a.ForChat()).ToList() },
                            finish_reason = answer.Truncated ? "length" : "stop",
                        },
                    },
                    usage = new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion },
                    citations = answer.Citations.Select(c => CitationInfo.From(c, withPath)).ToList(),
                    unsupported = answer.Unsupported,
                    warnings = answer.Warnings,
                    closest_passages = answer.ClosestPassages.Select(p => PassageInfo.From(p, withPath)).ToList(),
                    confidence = answer.Confidence,
                    cached = result.Cached,
                });
            }

            await ServerSentEvents.StartAsync(context);
            await ServerSentEvents.WriteAsync(context, null, Chunk(id, created, name, new { role = "assistant", content = "" }, null), ct);
            var sent = new StringBuilder();
            (long Prompt, long Completion) usage = (promptTokens, 0);
            await foreach (var update in stream.WithCancellation(ct))
            {
                if (update.Delta is { } delta)
                {
                    sent.Append(delta);
                    await ServerSentEvents.WriteAsync(context, null, Chunk(id, created, name, new { content = delta }, null), ct);
                }
                else if (update.Result is { } result)
                {
                    // An extractive answer arrives whole; a model's was streamed already, without the cautions its checked text
                    // begins with, so they follow it. Footnotes close both; the citations' annotations come with them.
                    var answer = OpenAIAnswers.Fit(result.Answer, maxTokens);
                    var streamed = sent.Length > 0;
                    var cautions = streamed && answer.Warnings.Count > 0 ? "\n\n" + string.Join("\n", answer.Warnings) : "";
                    var tail = (streamed ? cautions : answer.Text) + Footnotes(answer);
                    var content = sent.Append(tail).ToString();
                    var annotations = OpenAIAnswers.Citations(content, answer, context, name).Select(a => a.ForChat()).ToList();
                    usage = OpenAIAnswers.Usage(answer, promptTokens, content);
                    await ServerSentEvents.WriteAsync(context, null, Chunk(id, created, name, new { content = tail, annotations }, null), ct);
                    await ServerSentEvents.WriteAsync(context, null, new
                    {
                        id,
                        @object = "chat.completion.chunk",
                        created,
                        model = name,
                        choices = new[] { new { index = 0, delta = new { }, finish_reason = answer.Truncated ? "length" : "stop" } },
                        citations = answer.Citations.Select(c => CitationInfo.From(c, withPath)).ToList(),
                        unsupported = answer.Unsupported,
                        warnings = answer.Warnings,
                        closest_passages = answer.ClosestPassages.Select(p => PassageInfo.From(p, withPath)).ToList(),
                        confidence = answer.Confidence,
                    }, ct);
                }
            }

            if (body.StreamOptions?.IncludeUsage == true)
            {
                // As OpenAI does when asked: a last chunk with no choices and the usage.
                await ServerSentEvents.WriteAsync(context, null, new
                {
                    id,
                    @object = "chat.completion.chunk",
                    created,
                    model = name,
                    choices = Array.Empty<object>(),
                    usage = new { prompt_tokens = usage.Prompt, completion_tokens = usage.Completion, total_tokens = usage.Prompt + usage.Completion },
                }, ct);
            }

            await ServerSentEvents.WriteRawAsync(context, "[DONE]", ct);
            return Results.Empty;
        }).WithName("OpenAIChatCompletions").RequireScope(ApiScope.Read, (ChatCompletionBody b) => string.IsNullOrWhiteSpace(b.Model) ? CollectionRegistry.DefaultName : b.Model);

        ResponsesEndpoint.Map(v1, log);

        v1.MapPost("/embeddings", async (EmbeddingsBody body, CollectionRegistry registry, CancellationToken ct) =>
        {
            var name = string.IsNullOrWhiteSpace(body.Model) ? CollectionRegistry.DefaultName : body.Model;
            var folder = await registry.GetAsync(name, ct);
            if (folder is null)
            {
                return OpenAIError(404, $"The model \"{name}\" does not exist: models are Docent collections (GET /v1/models lists them).", "model_not_found");
            }

            if (folder.QueryEmbedder is null)
            {
                return OpenAIError(400, $"The collection \"{name}\" has no embedding model configured (settings: embedding), so it cannot embed text.", "embeddings_not_configured");
            }

            if (InputTexts(body.Input) is not { } texts)
            {
                return OpenAIError(400, "input must be a non-empty string or array of non-empty strings (token arrays are not supported).", "invalid_request_error");
            }

            var base64 = body.EncodingFormat switch
            {
                null or "float" => false,
                "base64" => true,
                _ => (bool?)null,
            };
            if (base64 is null)
            {
                return OpenAIError(400, $"encoding_format must be \"float\" or \"base64\", not \"{body.EncodingFormat}\".", "invalid_request_error");
            }

            var embeddings = await folder.QueryEmbedder.GenerateAsync(texts, cancellationToken: ct);
            var tokens = texts.Sum(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length); // words: an estimate, not the model's tokens
            return Results.Ok(new
            {
                @object = "list",
                data = embeddings.Select((e, i) => new
                {
                    @object = "embedding",
                    index = i,
                    embedding = base64 == true ? (object)Convert.ToBase64String(MemoryMarshal.AsBytes(e.Vector.Span)) : e.Vector.ToArray(),
                }).ToList(),
                model = name,
                usage = new { prompt_tokens = tokens, total_tokens = tokens },
            });
        }).WithName("OpenAIEmbeddings").RequireScope(ApiScope.Read, (EmbeddingsBody b) => string.IsNullOrWhiteSpace(b.Model) ? CollectionRegistry.DefaultName : b.Model);
    }

    /// <summary>The texts of an embeddings request's input (a string or an array of strings); null when it is neither or holds an empty one.</summary>
    private static List<string>? InputTexts(JsonElement input)
    {
        List<string> texts = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => input.EnumerateArray().Select(e => e.GetString()!).ToList(),
            _ => [],
        };
        return texts.Count == 0 || texts.Count > 2048 || texts.Any(string.IsNullOrEmpty) ? null : texts;
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
    internal static List<ConversationTurn> History(IReadOnlyList<ChatMessageBody> messages)
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

    /// <summary>
    /// Markdown footnotes naming each cited source: "[1]: title › headings, p. 3 — “quote” (handbook/leave.md)" — never a
    /// path on the server. A refusal lists its closest passages the same way, under "Closest passages:".
    /// </summary>
    public static string Footnotes(Answer answer)
    {
        if (!answer.Found && answer.ClosestPassages.Count > 0)
        {
            return ClosestPassages(answer.ClosestPassages);
        }

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

            text.Append(" — “").Append(c.Quote).Append('”');
            var file = CitationInfo.ShownSource(c);
            if (!IsContentHashName(Path.GetFileName(file)))
            {
                text.Append(" (").Append(file).Append(')');
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>"Closest passages:" and one footnote-style line per passage, its text shortened to about 200 characters.</summary>
    private static string ClosestPassages(IReadOnlyList<RetrievedChunk> passages)
    {
        var text = new StringBuilder("\n\nClosest passages:\n");
        for (var i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            text.Append('[').Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("]: ").Append(p.Document.Title);
            if (p.Chunk.HeadingPath.Count > 0)
            {
                text.Append(" › ").Append(string.Join(" › ", p.Chunk.HeadingPath));
            }

            if (p.Chunk.Page is { } page)
            {
                text.Append(", p. ").Append(page.ToString(CultureInfo.InvariantCulture));
            }

            var passage = p.Chunk.Text.Replace('\n', ' ');
            text.Append(" — “").Append(passage.Length <= 200 ? passage : passage[..200].TrimEnd() + "…").Append('”');
            var file = p.Document.ShownSource;
            if (!IsContentHashName(Path.GetFileName(file)))
            {
                text.Append(" (").Append(file).Append(')');
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>Whether a file name is an upload's content hash (64 hex digits and an extension): it names nothing a reader knows.</summary>
    private static bool IsContentHashName(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        return stem.Length == 64 && stem.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>
    /// The answer's steps for an OpenAI request: the collection's ask pipeline for a question; for a client's housekeeping
    /// request (<see cref="OpenAIAnswers.ClientTask"/>) the chat model's reply when <see cref="ServerOptions.UtilityModel"/> is on
    /// and the collection has one, else a 400 saying why (<c>Refused</c>) — never "I could not find this".
    /// </summary>
    internal static (IResult? Refused, IAsyncEnumerable<AskUpdate> Updates) Updates(
        IReadOnlyList<ChatMessageBody> messages, string question, int? maxTokens, HttpContext context, Docent.Hosting.DataFolder folder, string name,
        ServerOptions options, ServerAsking asking, ILogger log, string via, bool stream, CancellationToken ct)
    {
        var task = OpenAIAnswers.ClientTask(messages.Where(m => m.Role is "system" or "developer").Select(m => m.Text).Append(question));
        if (task is not null)
        {
            if (!options.UtilityModel || folder.ChatClient is null)
            {
                return (Results.Json(new
                {
                    error = new
                    {
                        message = $"This is a client's housekeeping request (a chat {task}), not a question about the documents, and Docent answers only from the collection \"{name}\". "
                            + (folder.ChatClient is null
                                ? "The collection has no chat model to send it to: point the client's task model at another model (Open WebUI: Admin Settings › Interface › Task Model) or turn its title and tag generation off."
                                : "Set server.utilityModel to true to send such requests to the collection's chat model, or point the client's task model at another model."),
                        type = "invalid_request_error",
                        param = via == "responses" ? "input" : "messages",
                        code = "unsupported_task",
                    },
                }, statusCode: 400), AsyncEnumerable.Empty<AskUpdate>());
            }

            ServerLog.AskReceived(log, name, via + "-utility", question.Length, stream);
            return (null, UtilityAsync(folder.ChatClient, messages, question, maxTokens, ct));
        }

        var request = new AskRequest { History = History(messages), Access = context.GetAccessScope(), CallerName = context.GetApiCaller().Name, MaxOutputTokens = maxTokens };
        ServerLog.AskReceived(log, name, via, question.Length, stream);
        return (null, asking.For(folder, name).AskStreamingAsync(question, request, ct)); // answers to a single user message (no history) may come from the cache
    }

    /// <summary>A housekeeping request sent as it is to the chat model; its reply is the whole answer, with no citations.</summary>
    private static async IAsyncEnumerable<AskUpdate> UtilityAsync(
        Microsoft.Extensions.AI.IChatClient chat, IReadOnlyList<ChatMessageBody> messages, string question, int? maxTokens,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var sent = messages.Select(m => new Microsoft.Extensions.AI.ChatMessage(
            m.Role switch { "system" or "developer" => Microsoft.Extensions.AI.ChatRole.System, "assistant" => Microsoft.Extensions.AI.ChatRole.Assistant, _ => Microsoft.Extensions.AI.ChatRole.User },
            m.Text ?? "")).ToList();
        var response = await chat.GetResponseAsync(sent, new Microsoft.Extensions.AI.ChatOptions { MaxOutputTokens = maxTokens }, ct);
        var answer = new Answer(question, response.Text.Trim(), true, [], [])
        {
            Model = response.ModelId ?? "utility",
            Usage = response.Usage is { } u ? new AnswerUsage(u.InputTokenCount ?? 0, u.OutputTokenCount ?? 0) : null,
            Truncated = response.FinishReason == Microsoft.Extensions.AI.ChatFinishReason.Length,
        };
        yield return new AskUpdate(Result: new AskResult(answer, question, null, null, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
    }

    internal static IResult InvalidParameter(string param, string problem) =>
        Results.Json(new { error = new { message = $"{param} {problem}", type = "invalid_request_error", param, code = "invalid_value" } }, statusCode: 400);

    internal static IResult OpenAIError(int status, string message, string code) =>
    Results.Json(new { error = new { message, type = code, code } }, statusCode: status);

    /// <summary>
    /// A 400 naming the parameter when the request asks for what Docent does not do — call tools, or answer in a format other
    /// than text — rather than answering as if it had not been asked; null when it asks for neither.
    /// </summary>
    private static IResult? Unsupported(ChatCompletionBody body) => Unsupported(body.Tools, body.ResponseFormat, "response_format");

    /// <summary>The same check over a request's tools and its format (<paramref name="formatParam"/> names where the format was given).</summary>
    internal static IResult? Unsupported(JsonElement? tools, JsonElement? format, string formatParam)
    {
        if (tools is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
        {
            return UnsupportedParameter("tools", "Docent answers from the collection's documents and calls no tools; send the request without \"tools\".");
        }

        if (format is { ValueKind: JsonValueKind.Object } f
            && !(f.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "text"))
        {
            return UnsupportedParameter(formatParam, $"Docent answers in text with citations; a {formatParam} other than {{\"type\": \"text\"}} (JSON mode, a JSON schema) is not supported.");
        }

        return null;
    }

    internal static IResult UnsupportedParameter(string param, string message) =>
        Results.Json(new { error = new { message, type = "invalid_request_error", param, code = "unsupported_parameter" } }, statusCode: 400);
}
