namespace Docent.Access;

/// <summary>
/// Which documents a caller may read: everything (the data folder's owner, the CLI without <c>--as</c>, a server with no
/// keys), or the documents whose access list is empty or names one of the caller's principals ("group:hr",
/// "user:alice"). Retrieval, listings, counts, conversations and cached answers all filter through it. Immutable;
/// thread-safe.
/// </summary>
public sealed class AccessScope : IEquatable<AccessScope>
{
    private readonly HashSet<string>? _principals;

    private AccessScope(HashSet<string>? principals, string key)
    {
        _principals = principals;
        Key = key;
    }

    /// <summary>The owner's scope: every document, whatever its access list.</summary>
    public static AccessScope Everything { get; } = new(null, "*");

    /// <summary>A caller with no principals: only documents with an empty access list.</summary>
    public static AccessScope Public { get; } = new(new HashSet<string>(StringComparer.Ordinal), "");

    /// <summary>Whether this is <see cref="Everything"/>.</summary>
    public bool IsUnrestricted => _principals is null;

    /// <summary>The caller's principals, sorted; empty for <see cref="Everything"/> and <see cref="Public"/>.</summary>
    public IReadOnlyList<string> Principals => _principals is null ? [] : [.. _principals.Order(StringComparer.Ordinal)];

    /// <summary>
    /// A stable text naming this scope ("*" for everything, the sorted principals joined by commas otherwise): equal
    /// scopes have equal keys, so caches can key by it.
    /// </summary>
    public string Key { get; }

    /// <summary>A caller holding <paramref name="principals"/> (each checked by <see cref="DocumentAccess.Validate"/>).</summary>
    /// <exception cref="ArgumentException">A principal is malformed.</exception>
    public static AccessScope For(IEnumerable<string> principals)
    {
        ArgumentNullException.ThrowIfNull(principals);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string principal in principals)
        {
            set.Add(DocumentAccess.Validate(principal));
        }

        return set.Count == 0 ? Public : new(set, string.Join(',', set.Order(StringComparer.Ordinal)));
    }

    /// <summary>Whether a document with <paramref name="access"/> (its access list; empty = everyone) is readable.</summary>
    public bool CanRead(IReadOnlyList<string> access)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (_principals is null || access.Count == 0)
        {
            return true;
        }

        foreach (string principal in access)
        {
            if (_principals.Contains(principal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(AccessScope? other) => other is not null && other.Key == Key;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AccessScope);

    /// <inheritdoc />
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => _principals is null ? "everything" : _principals.Count == 0 ? "public documents only" : Key;
}
