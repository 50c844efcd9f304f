using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Docent.Server.Security;

/// <summary>Reads the key a request presents ("Authorization: Bearer KEY" or "X-Api-Key: KEY") and resolves its caller once per request. Static; thread-safe.</summary>
internal static class Credentials
{
    private static readonly object ItemKey = new();

    /// <summary>The presented key, or null.</summary>
    public static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }

    /// <summary>The request's caller: <see cref="ApiCaller.Open"/> on a server without keys, else the key's, else null.</summary>
    public static ApiCaller? Resolve(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached))
        {
            return ((Resolution)cached!).Caller;
        }

        var store = context.RequestServices.GetRequiredService<ApiKeyStore>();
        var presented = Presented(context.Request);
        var caller = store.IsOpen ? ApiCaller.Open : presented is null ? null : store.Authenticate(presented);
        context.Items[ItemKey] = new Resolution(caller);
        return caller;
    }

    private sealed record Resolution(ApiCaller? Caller);
}
