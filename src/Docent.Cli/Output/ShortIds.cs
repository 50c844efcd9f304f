namespace Docent.Cli.Output;

/// <summary>
/// Short document ids for people, as git shortens commit hashes: the first <see cref="MinimumLength"/> characters,
/// lengthened where two ids share that prefix so each shown id is a unique prefix that `docs remove` accepts.
/// Static; thread-safe.
/// </summary>
internal static class ShortIds
{
    /// <summary>The shortest id shown.</summary>
    public const int MinimumLength = 8;

    /// <summary>The shortest prefix accepted for an id (shorter hex strings are taken as paths).</summary>
    public const int MinimumPrefix = 4;

    /// <summary>Each id's shortest unique prefix of at least <see cref="MinimumLength"/> characters.</summary>
    public static IReadOnlyDictionary<string, string> Shorten(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var sorted = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var shortened = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < sorted.Count; i++)
        {
            var length = MinimumLength;
            if (i > 0)
            {
                length = Math.Max(length, CommonPrefix(sorted[i - 1], sorted[i]) + 1);
            }

            if (i + 1 < sorted.Count)
            {
                length = Math.Max(length, CommonPrefix(sorted[i], sorted[i + 1]) + 1);
            }

            shortened[sorted[i]] = sorted[i][..Math.Min(length, sorted[i].Length)];
        }

        return shortened;
    }

    /// <summary>Whether <paramref name="text"/> could be an id prefix: at least <see cref="MinimumPrefix"/> hex digits.</summary>
    public static bool LooksLikePrefix(string text) => text.Length >= MinimumPrefix && text.All(char.IsAsciiHexDigit);

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
        {
            n++;
        }

        return n;
    }
}
