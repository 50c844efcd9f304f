using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Docent.Tests.TestSupport;

/// <summary>
/// An OpenAI-compatible HTTP server on a loopback port (Kestrel), for tests of the real HTTP path: chat
/// completions (plain and streamed as server-sent events) and embeddings. Each request is answered by the next
/// queued behaviour, or by <see cref="DefaultBehaviour"/>; every request is recorded. Thread-safe.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, JsonNode, Task>> _queue = new();

    private FakeOpenAIServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The API base URL, e.g. http://127.0.0.1:PORT/v1.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests received, in order: path, JSON body and Authorization header.</summary>
    public ConcurrentQueue<(string Path, JsonNode Body, string? Authorization)> Requests { get; } = new();

    /// <summary>How a request is answered when nothing is queued.</summary>
    public Func<HttpContext, JsonNode, Task> DefaultBehaviour { get; set; } = (context, _) => Status(503)(context, null!);

    /// <summary>Completes when a request arrives (reset by the test when it needs the next one).</summary>
    public TaskCompletionSource RequestArrived { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<FakeOpenAIServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetService(typeof(IServer)) is IServer s ? s.Features.Get<IServerAddressesFeature>()!.Addresses.First() : throw new InvalidOperationException();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>Queues the answer to the next request.</summary>
    public FakeOpenAIServer Enqueue(Func<HttpContext, JsonNode, Task> behaviour)
    {
        _queue.Enqueue(behaviour);
        return this;
    }

    /// <summary>A chat completion whose content is <paramref name="text"/> (streamed in one piece when the request asks to stream).</summary>
    public static Func<HttpContext, JsonNode, Task> Chat(string text) => (context, body) =>
    {
        if (body?["stream"]?.GetValue<bool>() == true)
        {
            return ChatStream(text)(context, body);
        }

        var response = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = body?["model"]?.GetValue<string>() ?? "fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
        };
        return WriteJsonAsync(context, 200, response);
    };

    /// <summary>A chat completion streamed as server-sent events, one event per piece.</summary>
    public static Func<HttpContext, JsonNode, Task> ChatStream(params string[] pieces) => async (context, body) =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        var model = body?["model"]?.GetValue<string>() ?? "fake";
        foreach (var piece in pieces)
        {
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-fake",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_700_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece }, ["finish_reason"] = null }),
            };
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }

        var last = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = "stop" }),
        };
        await context.Response.WriteAsync($"data: {last.ToJsonString()}\n\ndata: [DONE]\n\n");
    };

    /// <summary>Embeddings: each input text gets <paramref name="embed"/>(text), in the encoding the request asks for.</summary>
    public static Func<HttpContext, JsonNode, Task> Embeddings(Func<string, float[]> embed) => (context, body) =>
    {
        var inputs = body["input"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = embed(inputs[i]);
            JsonNode encoded = base64
                ? JsonValue.Create(Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = encoded });
        }

        var response = new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]?.GetValue<string>() ?? "fake",
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Count, ["total_tokens"] = inputs.Count },
        };
        return WriteJsonAsync(context, 200, response);
    };

    /// <summary>An error status with an OpenAI-style error body (and optional Retry-After seconds).</summary>
    public static Func<HttpContext, JsonNode, Task> Status(int status, int? retryAfterSeconds = null) => (context, _) =>
    {
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteJsonAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["message"] = $"fake status {status}", ["type"] = "server_error" } });
    };

    /// <summary>A 200 response whose body is not what the API promises.</summary>
    public static Func<HttpContext, JsonNode, Task> Raw(string body, string contentType = "application/json") => async (context, _) =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    /// <summary>Streams the first piece of an answer, then goes silent with the connection open.</summary>
    public static Func<HttpContext, JsonNode, Task> StreamThenHang(string firstPiece) => async (context, body) =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "fake",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = firstPiece }, ["finish_reason"] = null }),
        };
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
        await context.Response.Body.FlushAsync();
        await Hang()(context, body);
    };

    /// <summary>Never answers (until the client gives up and the connection closes).</summary>
    public static Func<HttpContext, JsonNode, Task> Hang() => async (context, _) =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var body = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text)!;
        Requests.Enqueue((context.Request.Path.Value ?? "", body, context.Request.Headers.Authorization.ToString()));
        RequestArrived.TrySetResult();
        var behaviour = _queue.TryDequeue(out var next) ? next : DefaultBehaviour;
        await behaviour(context, body);
    }

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions()));
    }
}
