using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Docent.Server.Security;

/// <summary>
/// Declares what an endpoint needs: <c>.RequireScope(ApiScope.Read)</c> (collection from the route), or
/// <c>.RequireScope(ApiScope.Read, (ChatCompletionBody b) =&gt; b.Model)</c> (collection from the body). Open endpoints
/// say <c>.AllowAnonymous()</c>. Static.
/// </summary>
public static class ApiAccessConventions
{
    /// <summary>Needs <paramref name="scope"/> on the route's "collection" (or on some collection when the route has none).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiScope scope)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ApiAccess(scope));

    /// <summary>Needs <paramref name="scope"/> on the collection <paramref name="collectionOf"/> reads from the bound body.</summary>
    public static RouteHandlerBuilder RequireScope<TBody>(this RouteHandlerBuilder builder, ApiScope scope, Func<TBody, string?> collectionOf)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(collectionOf);
        builder.WithMetadata(new ApiAccess(scope, CollectionFromBody: true));
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var collection = context.Arguments.OfType<TBody>().Select(collectionOf).FirstOrDefault();
            var caller = context.HttpContext.GetApiCaller();
            return caller.Allows(scope, collection)
                ? await next(context)
                : ApiErrors.Forbidden(context.HttpContext, caller.Refusal(scope, collection));
        });
    }

    /// <summary>The authenticated caller of this request (<see cref="ApiCaller.Open"/> on a server without keys).</summary>
    public static ApiCaller GetApiCaller(this HttpContext context) =>
        Credentials.Resolve(context) ?? throw new InvalidOperationException("The request has no authenticated caller.");

    /// <summary>Whose documents the request's caller may read (fails closed to documents without an access list).</summary>
    public static Docent.Access.AccessScope GetAccessScope(this HttpContext context) =>
        Credentials.Resolve(context)?.Access ?? Docent.Access.AccessScope.Public;
}
