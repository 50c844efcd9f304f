using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Docent.Server.Security;

/// <summary>
/// Checks every matched endpoint against its <see cref="ApiAccess"/>: 401 (with WWW-Authenticate: Bearer) when no
/// valid key was presented, 403 naming the missing scope or collection. Endpoints marked AllowAnonymous, requests
/// that match no endpoint (the UI's static files), and a hosting application's own endpoints (<see cref="DocentEndpoint"/>) pass. Thread-safe.
/// </summary>
internal sealed class ApiAccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || !DocentEndpoint.IsGuarded(endpoint))
        {
            await next(context);
            return;
        }

        var access = endpoint.Metadata.GetMetadata<ApiAccess>() ?? ApiAccess.AdminOnly;
        var caller = Credentials.Resolve(context);
        if (caller is null && Credentials.Problem(context) is { } problem)
        {
            await ApiErrors.BadRequest(context, problem).ExecuteAsync(context);
            return;
        }

        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"docent\"";
            var detail = Credentials.Presented(context.Request) is null
                ? "No API key: send one as \"Authorization: Bearer KEY\" or \"X-Api-Key: KEY\"."
                : "The API key is not valid.";
            await ApiErrors.Unauthorized(context, detail).ExecuteAsync(context);
            return;
        }

        var collection = context.GetRouteValue("collection") as string;
        if (!access.CollectionFromBody && !caller.Allows(access.Scope, collection))
        {
            await ApiErrors.Forbidden(context, caller.Refusal(access.Scope, collection)).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
