using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Endpoints;

/// <summary>Writes server-sent events (text/event-stream), flushing each one so clients see it at once. Static.</summary>
internal static class ServerSentEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task StartAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>One event: an optional name and a JSON payload.</summary>
    public static async Task WriteAsync<T>(HttpContext context, string? name, T payload, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(payload, Json);
        await context.Response.WriteAsync(name is null ? $"data: {data}\n\n" : $"event: {name}\ndata: {data}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>A raw data line (OpenAI's "[DONE]").</summary>
    public static async Task WriteRawAsync(HttpContext context, string data, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
