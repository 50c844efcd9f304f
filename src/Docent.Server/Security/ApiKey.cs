namespace Docent.Server.Security;

/// <summary>
/// A stored API key: its name, the SHA-256 hash of its secret (base64url; the secret itself is never stored), the
/// collections it covers ("*" = all) and its scopes ("read", "write"). Immutable.
/// </summary>
public sealed record ApiKey(string Name, string Hash, IReadOnlyList<string> Collections, IReadOnlyList<string> Scopes, DateTimeOffset Created)
{
    /// <summary>The collections entry that means "every collection".</summary>
    public const string AllCollections = "*";

    /// <summary>The caller this key authenticates.</summary>
    public ApiCaller ToCaller() => new(
        Name,
        false,
        Scopes.Select(s => Enum.Parse<ApiScope>(s, ignoreCase: true)).ToHashSet(),
        Collections.Contains(AllCollections) ? null : Collections.ToHashSet(StringComparer.Ordinal));
}
