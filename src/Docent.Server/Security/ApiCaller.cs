namespace Docent.Server.Security;

/// <summary>
/// Who is calling: the admin, a named key with its scopes and collections (null collections = all), or anyone when the
/// server runs open (no keys configured). Immutable; thread-safe.
/// </summary>
public sealed record ApiCaller(string Name, bool IsAdmin, IReadOnlySet<ApiScope> Scopes, IReadOnlySet<string>? Collections)
{
    /// <summary>The caller of a server that has no keys: it may do everything.</summary>
    public static ApiCaller Open { get; } = new("open", true, new HashSet<ApiScope> { ApiScope.Read, ApiScope.Write, ApiScope.Admin }, null);

    /// <summary>Whether the caller has <paramref name="scope"/> on <paramref name="collection"/> (null: on some collection).</summary>
    public bool Allows(ApiScope scope, string? collection) =>
        IsAdmin || (scope != ApiScope.Admin && Scopes.Contains(scope) && (collection is null || Collections is null || Collections.Contains(collection)));

    /// <summary>Why <see cref="Allows"/> is false, naming what is missing.</summary>
    public string Refusal(ApiScope scope, string? collection)
    {
        if (scope == ApiScope.Admin)
        {
            return "This needs the admin key.";
        }

        var name = ScopeName(scope);
        if (!Scopes.Contains(scope))
        {
            return $"The key \"{Name}\" lacks the \"{name}\" scope" + (collection is null ? "." : $" on collection \"{collection}\".");
        }

        return $"The key \"{Name}\" does not cover collection \"{collection}\" (it has \"{name}\" on: {string.Join(", ", Collections!.Order(StringComparer.Ordinal))}).";
    }

    /// <summary>The scope as the API spells it: "read", "write", "admin".</summary>
    public static string ScopeName(ApiScope scope) => scope.ToString().ToLowerInvariant();
}
