namespace Docent.Access;

/// <summary>
/// The rules for a document's access list: principals are "kind:name" ("group:hr", "user:alice@example.com"), kind in
/// lower-case letters, name without spaces or commas, at most 200 characters; an empty list means every caller may read
/// the document. Static; thread-safe.
/// </summary>
public static class DocumentAccess
{
    /// <summary>The longest principal accepted.</summary>
    public const int MaxPrincipalLength = 200;

    /// <summary>The most principals one access list may hold.</summary>
    public const int MaxPrincipals = 100;

    /// <summary>Returns <paramref name="principal"/> trimmed, or throws naming what is wrong with it.</summary>
    /// <exception cref="ArgumentException">It is not "kind:name".</exception>
    public static string Validate(string principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        string trimmed = principal.Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (trimmed.Length is 0 or > MaxPrincipalLength || colon <= 0 || colon == trimmed.Length - 1)
        {
            throw new ArgumentException($"\"{principal}\" is not a principal: write kind:name, for example group:hr or user:alice (at most {MaxPrincipalLength} characters).");
        }

        for (int i = 0; i < colon; i++)
        {
            if (trimmed[i] is not (>= 'a' and <= 'z'))
            {
                throw new ArgumentException($"\"{principal}\" is not a principal: its kind (before the colon) must be lower-case letters, as in group:hr or user:alice.");
            }
        }

        for (int i = colon + 1; i < trimmed.Length; i++)
        {
            char c = trimmed[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == ',')
            {
                throw new ArgumentException($"\"{principal}\" is not a principal: its name may not hold spaces, commas or control characters.");
            }
        }

        return trimmed;
    }

    /// <summary>
    /// <paramref name="principals"/> validated, without duplicates, sorted: the canonical form stored with a document.
    /// </summary>
    /// <exception cref="ArgumentException">A principal is malformed or there are more than <see cref="MaxPrincipals"/>.</exception>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> principals)
    {
        ArgumentNullException.ThrowIfNull(principals);
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string principal in principals)
        {
            set.Add(Validate(principal));
        }

        return set.Count > MaxPrincipals
            ? throw new ArgumentException($"An access list may name at most {MaxPrincipals} principals; this one names {set.Count}.")
            : [.. set];
    }
}
