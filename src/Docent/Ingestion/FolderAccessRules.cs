using Docent.Access;

namespace Docent.Ingestion;

/// <summary>
/// The access lists that folders give the files under them: a <c>.docent-access</c> file in a folder names, one per line,
/// the principals who may read every file in that folder and below ("group:hr"; blank lines and lines starting with '#'
/// are ignored), and the nearest such file above a file wins. A rule file that cannot be read or names a malformed
/// principal makes the files it governs fail with the reason rather than be stored readable by everyone. One per ingest
/// run (it caches each folder's answer); not thread-safe.
/// </summary>
public sealed class FolderAccessRules
{
    /// <summary>The rule file's name.</summary>
    public const string FileName = ".docent-access";

    private const long MaxRuleBytes = 64 * 1024;

    private readonly Dictionary<string, Rule> _byDirectory = new(StringComparer.Ordinal);

    /// <summary>
    /// The access list for <paramref name="path"/> from the nearest rule file in its folder or above, or null when none
    /// governs it.
    /// </summary>
    /// <exception cref="Docent.Documents.DocumentReadException">The governing rule file is unreadable or malformed.</exception>
    public IReadOnlyList<string>? For(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rule = RuleOf(Path.GetDirectoryName(Path.GetFullPath(path)));
        return rule.Error is { } error ? throw new Documents.DocumentReadException(path, error) : rule.Access;
    }

    private Rule RuleOf(string? directory)
    {
        if (directory is null)
        {
            return default;
        }

        if (_byDirectory.TryGetValue(directory, out var known))
        {
            return known;
        }

        var file = Path.Combine(directory, FileName);
        var status = FileStatus.Get(file);
        var rule = status.Kind switch
        {
            FileKind.Missing => RuleOf(Path.GetDirectoryName(directory)),
            // Never opened: a FIFO would block the ingest and a device never ends.
            FileKind.Regular => Read(file),
            _ => new Rule(null, $"the access rule {file} is not a regular file but {status.Describe()}"),
        };
        _byDirectory[directory] = rule;
        return rule;
    }

    private static Rule Read(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxRuleBytes)
            {
                return new Rule(null, $"the access rule {file} is over {MaxRuleBytes / 1024} KiB; it should list principals, one per line");
            }

            var principals = File.ReadAllLines(file)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'));
            return new Rule(DocumentAccess.Normalize(principals), null);
        }
        catch (ArgumentException ex)
        {
            return new Rule(null, $"the access rule {file} is not valid: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Rule(null, $"the access rule {file} cannot be read: {ex.Message}");
        }
    }

    private readonly record struct Rule(IReadOnlyList<string>? Access, string? Error);
}
