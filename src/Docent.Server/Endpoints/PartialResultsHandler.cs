using Docent.Retrieval;
using Docent.Server.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Endpoints;

/// <summary>
/// Turns a cluster collection's unreachable shards into a 503 that names them (problem+json, or OpenAI's error shape under
/// /v1), so a client retries instead of reading an answer that silently misses documents. Thread-safe.
/// </summary>
internal sealed class PartialResultsHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PartialResultsException partial)
        {
            return false;
        }

        httpContext.Response.Headers.RetryAfter = "5";
        await ApiErrors.Error(httpContext, StatusCodes.Status503ServiceUnavailable, "Shards unavailable", partial.Message, "shards_unavailable").ExecuteAsync(httpContext);
        return true;
    }
}
