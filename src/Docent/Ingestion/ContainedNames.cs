namespace Docent.Ingestion;

/// <summary>
/// Turns the names a container gives its files into safe, unique names under it: '\' and '/' separate folders, empty,
/// "." and ".." parts and control characters are dropped (an entry named "../../etc/passwd" becomes "etc/passwd", never
/// a path outside its container), parts are cut at 255 characters, a nameless file becomes "file-N", and a name met again
/// gets " (2)", " (3)"… before its extension. Not thread-safe: one per container.
/// </summary>
internal sealed class ContainedNames
{
    private const int MaxPartLength = 255;
    private const int MaxParts = 32;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>How many names were handed out.</summary>
    public int Count { get; private set; }

    /// <summary>The cleaned, unique name for <paramref name="name"/>.</summary>
    public string Clean(string name)
    {
        Count++;
        var parts = (name ?? "").Split('/', '\\')
            .Select(part => new string([.. part.Where(c => !char.IsControl(c))]).Trim())
            .Where(part => part.Length > 0 && part != "." && part != "..")
            .Select(part => part.Length > MaxPartLength ? part[..MaxPartLength] : part)
            .TakeLast(MaxParts)
            .ToList();
        var cleaned = parts.Count == 0 ? $"file-{Count}" : string.Join('/', parts);
        var unique = cleaned;
        for (var copy = 2; !_used.Add(unique); copy++)
        {
            var extension = Path.GetExtension(cleaned);
            unique = $"{cleaned[..^extension.Length]} ({copy}){extension}";
        }

        return unique;
    }
}
