namespace Docent.Server.Security;

/// <summary>
/// Who is calling: the admin, a named key with its scopes and collections (null collections = all), or anyone when the
/// server runs open (no keys configured); and whose documents it may read (<see cref="Access"/>). Immutable; thread-safe.
/// </summary>
public sealed record ApiCaller(string Name, bool IsAdmin, IReadOnlySet<ApiScope> Scopes, IReadOnlySet<string>? Collections)
{
    /// <summary>
    /// The documents the caller may read: every document for the admin key and an open server, else those without an
    /// access list or naming one of the key's (or, for a proxy's key, the user's) principals. Fails closed: a key that
    /// names no principals reads only documents without an access list.
    /// </summary>
    public Docent.Access.AccessScope Access { get; init; } = Docent.Access.AccessScope.Public;

    /// <summary>Whether the key is a trusted proxy's, whose requests may name the user's principals in a header.</summary>
    public bool Delegates { get; init; }

    /// <summary>The caller of a server that has no keys: it may do everything.</summary>
    public static ApiCaller Open { get; } = new("open", true, new HashSet<ApiScope> { ApiScope.Read, ApiScope.Write, ApiScope.Admin }, null)
    {
        Access = Docent.Access.AccessScope.Everything,
    };

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
