namespace Docent.Server.Security;

/// <summary>
/// Endpoint metadata: the scope an endpoint needs, on the collection named by its "collection" route value (or on some
/// collection when it has none), or — when <see cref="CollectionFromBody"/> — on the collection its body names (checked
/// by a filter once the body is read). An endpoint without it needs the admin key (fail closed). Immutable.
/// </summary>
public sealed record ApiAccess(ApiScope Scope, bool CollectionFromBody = false)
{
    /// <summary>What an endpoint that says nothing needs.</summary>
    public static ApiAccess AdminOnly { get; } = new(ApiScope.Admin);
}
