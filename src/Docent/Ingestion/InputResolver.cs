using Docent.Documents;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Docent.Ingestion;

/// <summary>
/// Expands the paths a user gives (files, folders walked recursively, glob patterns such as
/// <c>docs/**/*.md</c>) into absolute file paths. Hidden entries, build folders (bin, obj, node_modules)
/// and the data folder itself are not walked; images and archives met in a folder are reported as skipped.
/// Thread-safe (stateless apart from the excluded folder).
/// </summary>
public sealed class InputResolver
{
    private static readonly HashSet<string> IgnoredFolderNames = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    private readonly string? _excludedDirectory;

    /// <summary>Creates a resolver that never descends into <paramref name="excludedDirectory"/> (the data folder).</summary>
    public InputResolver(string? excludedDirectory = null)
    {
        _excludedDirectory = excludedDirectory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(excludedDirectory));
    }

    /// <summary>Expands <paramref name="inputs"/>; a file reached twice is listed once.</summary>
    public ResolvedInputs Resolve(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var roots = new List<string>();
        var problems = new List<DocumentIngestResult>();

        foreach (var input in inputs)
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                continue;
            }

            var full = Path.GetFullPath(input);
            if (File.Exists(full))
            {
                roots.Add(full);
                Add(full);
            }
            else if (Directory.Exists(full))
            {
                roots.Add(Path.TrimEndingDirectorySeparator(full));
                foreach (var file in Walk(full, problems))
                {
                    Add(file);
                }
            }
            else if (input.IndexOfAny(['*', '?', '[']) >= 0)
            {
                var (baseDirectory, pattern) = SplitGlob(full);
                if (!Directory.Exists(baseDirectory))
                {
                    problems.Add(new DocumentIngestResult(full, IngestStatus.Failed, Error: $"folder not found: {baseDirectory}"));
                    continue;
                }

                var matcher = new Matcher(StringComparison.Ordinal);
                matcher.AddInclude(pattern);
                var matched = matcher.GetResultsInFullPath(baseDirectory).Where(f => !IsExcluded(f)).Order(StringComparer.Ordinal).ToList();
                if (matched.Count == 0)
                {
                    problems.Add(new DocumentIngestResult(full, IngestStatus.Failed, Error: "no files match this pattern"));
                }

                roots.Add(baseDirectory);
                matched.ForEach(Add);
            }
            else
            {
                problems.Add(new DocumentIngestResult(full, IngestStatus.Failed, Error: "path not found"));
            }
        }

        return new ResolvedInputs(files, roots, problems);

        void Add(string file)
        {
            if (seen.Add(file))
            {
                files.Add(file);
            }
        }
    }

    private IEnumerable<string> Walk(string directory, List<DocumentIngestResult> problems)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        };

        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(current, "*", options);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                problems.Add(new DocumentIngestResult(current, IngestStatus.Failed, Error: $"cannot list folder: {ex.Message}"));
                continue;
            }

            Array.Sort(entries, StringComparer.Ordinal);
            var subdirectories = new List<string>();
            foreach (var entry in entries)
            {
                if (Directory.Exists(entry))
                {
                    if (!IgnoredFolderNames.Contains(Path.GetFileName(entry)) && !IsExcluded(entry))
                    {
                        subdirectories.Add(entry);
                    }
                }
                else if (DocumentReaderSelector.KnownNonDocumentExtensions.Contains(Path.GetExtension(entry).ToLowerInvariant()))
                {
                    problems.Add(new DocumentIngestResult(entry, IngestStatus.Skipped, Error: "not a document type (image, archive or binary)"));
                }
                else
                {
                    yield return entry;
                }
            }

            // Push in reverse so folders are walked in sorted order.
            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }
    }

    private bool IsExcluded(string path) =>
        _excludedDirectory is not null &&
        (path.Equals(_excludedDirectory, StringComparison.Ordinal) ||
         path.StartsWith(_excludedDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private static (string BaseDirectory, string Pattern) SplitGlob(string fullPattern)
    {
        var parts = fullPattern.Split(Path.DirectorySeparatorChar);
        var firstGlob = Array.FindIndex(parts, p => p.IndexOfAny(['*', '?', '[']) >= 0);
        var baseDirectory = string.Join(Path.DirectorySeparatorChar, parts[..firstGlob]);
        if (baseDirectory.Length == 0)
        {
            baseDirectory = Path.DirectorySeparatorChar.ToString();
        }

        return (baseDirectory, string.Join('/', parts[firstGlob..]));
    }
}
