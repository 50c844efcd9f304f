using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Security;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a missing body, a bad parameter) into a 400 that says
/// what was wrong — problem+json, or OpenAI's error shape under /v1 — instead of an empty 400. Thread-safe.
/// </summary>
internal sealed class BadRequestHandler(ServerOptions options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (TooLarge(exception))
        {
            // A streamed body the server stopped reading at the limit (a declared Content-Length is refused before reading).
            var (limit, upload) = RequestBodyLimitMiddleware.LimitOf(httpContext, options);
            await ApiErrors.Error(httpContext, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                RequestBodyLimitMiddleware.TooLarge(null, limit, upload, options), "request_too_large").ExecuteAsync(httpContext);
            return true;
        }

        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
        await ApiErrors.Error(httpContext, bad.StatusCode, "Bad request", detail, "invalid_request_error").ExecuteAsync(httpContext);
        return true;
    }

    private static bool TooLarge(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }
}
