namespace Docent.Server.Security;

/// <summary>
/// A stored API key: its name, the SHA-256 hash of its secret (base64url; the secret itself is never stored), the
/// collections it covers ("*" = all), its scopes ("read", "write"), the principals whose documents it reads (none: only
/// documents without an access list), and whether it is a trusted proxy's, whose requests name the user's principals in
/// <see cref="Credentials.PrincipalsHeader"/>. Immutable.
/// </summary>
public sealed record ApiKey(
    string Name, string Hash, IReadOnlyList<string> Collections, IReadOnlyList<string> Scopes, DateTimeOffset Created,
    IReadOnlyList<string>? Principals = null, bool Delegates = false)
{
    /// <summary>The collections entry that means "every collection".</summary>
    public const string AllCollections = "*";

    /// <summary>The caller this key authenticates.</summary>
    public ApiCaller ToCaller() => new(
        Name,
        false,
        Scopes.Select(s => Enum.Parse<ApiScope>(s, ignoreCase: true)).ToHashSet(),
        Collections.Contains(AllCollections) ? null : Collections.ToHashSet(StringComparer.Ordinal))
    {
        Access = Docent.Access.AccessScope.For(Principals ?? []),
        Delegates = Delegates,
    };
}
