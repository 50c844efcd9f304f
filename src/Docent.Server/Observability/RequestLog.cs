using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Observability;

/// <summary>
/// The optional request log (<c>server.requestLog</c>): one Information line per HTTP request — method, path without its query
/// string, status code and milliseconds — in category <c>Docent.Server.RequestLog</c>, event 4032. Never a body, a query
/// string (search queries travel there) or a header (keys travel there). Static; the middleware is thread-safe.
/// </summary>
public static partial class RequestLog
{
    /// <summary>The log category of the request lines.</summary>
    public const string Category = "Docent.Server.RequestLog";

    /// <summary>Turns the request log on for <paramref name="builder"/>: its category is written at Information whatever the default level.</summary>
    public static void AddDocentRequestLog(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddFilter(Category, LogLevel.Information);
    }

    /// <summary>Adds the middleware, outermost, so the status is the one the client gets (after the exception handler's 500).</summary>
    public static void UseDocentRequestLog(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                var request = context.Request;
                Request(logger, request.Method, request.PathBase + request.Path, context.Response.StatusCode,
                    Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
            }
        });
    }

    [LoggerMessage(EventId = 4032, Level = LogLevel.Information, Message = "{Method} {Path} {StatusCode} {ElapsedMs} ms")]
    private static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMs);
}
