using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Security;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a missing body, a bad parameter) into a 400 that says
/// what was wrong — problem+json, or OpenAI's error shape under /v1 — instead of an empty 400. Thread-safe.
/// </summary>
internal sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        await ApiErrors.Error(httpContext, bad.StatusCode, "Bad request", detail, "invalid_request_error").ExecuteAsync(httpContext);
        return true;
    }
}
