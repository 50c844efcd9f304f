using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Docent.Server.Security;

/// <summary>
/// Reads the key a request presents ("Authorization: Bearer KEY" or "X-Api-Key: KEY") and resolves its caller once per
/// request; a trusted proxy's key (<see cref="ApiCaller.Delegates"/>) may name the signed-in user's principals in
/// <see cref="PrincipalsHeader"/>. Static; thread-safe.
/// </summary>
internal static class Credentials
{
    /// <summary>
    /// The header in which a trusted proxy names the user it authenticated: principals separated by commas, each "kind:name"
    /// ("user:alice, group:hr"); a value without a kind is a group ("hr" is "group:hr"), as OIDC group claims arrive. Read
    /// only from a key created with "delegates": any other caller's header is ignored.
    /// </summary>
    public const string PrincipalsHeader = "X-Docent-Principals";

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
        string? problem = null;
        if (caller is { Delegates: true } && context.Request.Headers[PrincipalsHeader].ToString() is { Length: > 0 } named)
        {
            try
            {
                caller = caller with { Access = Docent.Access.AccessScope.For(ParsePrincipals(named)) };
            }
            catch (ArgumentException ex)
            {
                caller = null;
                problem = $"The {PrincipalsHeader} header is not valid: {ex.Message}";
            }
        }

        context.Items[ItemKey] = new Resolution(caller, problem);
        return caller;
    }

    /// <summary>Why the request's credentials were refused beyond a missing or unknown key (a malformed principals header), or null.</summary>
    public static string? Problem(HttpContext context)
    {
        Resolve(context);
        return ((Resolution)context.Items[ItemKey]!).Problem;
    }

    /// <summary>The principals a proxy's header names: comma-separated, a value without a kind taken as a group.</summary>
    /// <exception cref="ArgumentException">A value is malformed or there are too many.</exception>
    internal static IReadOnlyList<string> ParsePrincipals(string header)
    {
        var values = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length > Docent.Access.DocumentAccess.MaxPrincipals
            ? throw new ArgumentException($"it names {values.Length} principals; at most {Docent.Access.DocumentAccess.MaxPrincipals} are read.")
            : Docent.Access.DocumentAccess.Normalize(values.Select(v => v.Contains(':', StringComparison.Ordinal) ? v : "group:" + v));
    }

    private sealed record Resolution(ApiCaller? Caller, string? Problem);
}
