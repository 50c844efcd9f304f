using Docent.Documents;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Docent.Ingestion;

/// <summary>
/// Expands the paths a user gives (files, folders walked recursively, glob patterns such as
/// <c>docs/**/*.md</c>) into absolute paths of regular files, walking folders the way <c>find -L</c> does:
/// symbolic links are followed, but a folder reached twice (same device and inode, so a link loop such as
/// <c>self -&gt; .</c>) is walked once and a file reached twice (a link and its target, two hard links) is
/// listed once, under the first path met. Entries that are links are taken after everything reachable without
/// them, so a file inside the walked folders keeps its real path. Devices, named pipes and sockets are never
/// listed (they are reported as skipped, and never opened); hidden entries, build folders (bin, obj,
/// node_modules) and the data folder itself are not walked; images and archives met in a folder are reported
/// as skipped. Thread-safe (stateless apart from the excluded folder).
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
        var seen = new Dictionary<FileKey, string>();
        var roots = new List<string>();
        var problems = new List<DocumentIngestResult>();
        var excluded = _excludedDirectory is null ? (FileKey?)null : KeyOf(_excludedDirectory, FileStatus.Get(_excludedDirectory));

        foreach (var input in inputs)
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                continue;
            }

            var full = Path.GetFullPath(input);
            var status = FileStatus.Get(full);
            if (status.Kind == FileKind.Directory)
            {
                var root = Path.TrimEndingDirectorySeparator(full);
                roots.Add(root);
                foreach (var entry in Walk(root, status, excluded, glob: false, maxDepth: int.MaxValue))
                {
                    Accept(entry);
                }
            }
            else if (status.Kind != FileKind.Missing)
            {
                roots.Add(full);
                Accept(Classify(full, status, isLink: false));
            }
            else if (input.IndexOfAny(['*', '?', '[']) >= 0)
            {
                ResolveGlob(full, excluded, roots, problems, Accept);
            }
            else
            {
                problems.Add(new DocumentIngestResult(full, IngestStatus.Failed, Error: MissingReason(full, status)));
            }
        }

        return new ResolvedInputs(files, roots, problems);

        void Accept(Entry entry)
        {
            if (entry.Problem is { } problem)
            {
                problems.Add(problem);
            }
            else if (seen.TryGetValue(KeyOf(entry.Path, entry.Status), out var first))
            {
                // The same path given twice is simply listed once; another path to the same file is worth a line.
                if (!first.Equals(entry.Path, StringComparison.Ordinal))
                {
                    problems.Add(new DocumentIngestResult(entry.Path, IngestStatus.Skipped, Error: $"same file as {first}"));
                }
            }
            else
            {
                seen.Add(KeyOf(entry.Path, entry.Status), entry.Path);
                files.Add(entry.Path);
            }
        }
    }

    /// <summary>Why a path that could not be examined is not ingested, in words.</summary>
    internal static string MissingReason(string path, FileStatus status) =>
        status.Problem == "path not found" && path.Contains('\uFFFD', StringComparison.Ordinal)
            ? "the file name is not valid UTF-8, so it cannot be opened (rename the file to read it)"
            : status.Problem ?? "path not found";

    private void ResolveGlob(string full, FileKey? excluded, List<string> roots, List<DocumentIngestResult> problems, Action<Entry> accept)
    {
        var (baseDirectory, pattern) = SplitGlob(full);
        var baseStatus = FileStatus.Get(baseDirectory);
        if (baseStatus.Kind != FileKind.Directory)
        {
            problems.Add(new DocumentIngestResult(full, IngestStatus.Failed, Error: $"folder not found: {baseDirectory}"));
            return;
        }

        // The pattern filters what the walk finds, so globs get the same loop and special-file protection;
        // a pattern without ** never needs to look deeper than its own number of segments.
        var maxDepth = pattern.Contains("**", StringComparison.Ordinal) ? int.MaxValue : pattern.Split('/').Length;
        var entries = Walk(baseDirectory, baseStatus, excluded, glob: true, maxDepth).ToList();
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        var matched = matcher.Match(baseDirectory, entries.Select(e => Path.GetRelativePath(baseDirectory, e.Path)))
            .Files.Select(f => Path.GetFullPath(Path.Combine(baseDirectory, f.Path)))
            .ToHashSet(StringComparer.Ordinal);
        var kept = entries.Where(e => matched.Contains(e.Path)).ToList();
        if (kept.Count == 0)
        {
            problems.Add(new DocumentIngestResult(full, IngestStatus.Failed, Error: "no files match this pattern"));
        }

        roots.Add(baseDirectory);
        kept.ForEach(accept);
    }

    /// <summary>
    /// Walks <paramref name="root"/> depth first in ordinal name order, entries that are symbolic links after
    /// the rest; yields each regular file and each entry that is not ingested (with its reason).
    /// </summary>
    private IEnumerable<Entry> Walk(string root, FileStatus rootStatus, FileKey? excluded, bool glob, int maxDepth)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = glob ? 0 : FileAttributes.Hidden | FileAttributes.System,
        };

        var walked = new Dictionary<FileKey, string> { [KeyOf(root, rootStatus)] = root };
        var pending = new Stack<(string Path, int Depth)>();
        var links = new Queue<(string Path, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0 || links.Count > 0)
        {
            var subdirectories = new List<string>();
            int depth;
            if (pending.Count == 0)
            {
                var (link, linkDepth) = links.Dequeue();
                depth = linkDepth - 1;
                if (Visit(link, FileStatus.Get(link), isLink: true) is { } linked)
                {
                    yield return linked;
                }
            }
            else
            {
                var (current, currentDepth) = pending.Pop();
                depth = currentDepth;
                string[] entries;
                string? listError = null;
                try
                {
                    entries = Directory.GetFileSystemEntries(current, "*", options);
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                {
                    entries = [];
                    listError = ex.Message;
                }

                if (listError is not null)
                {
                    yield return new Entry(current, default, new DocumentIngestResult(current, IngestStatus.Failed, Error: $"cannot list folder: {listError}"));
                }

                Array.Sort(entries, StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    var status = FileStatus.Get(entry, followLinks: false);
                    if (status.Kind == FileKind.SymbolicLink)
                    {
                        links.Enqueue((entry, currentDepth + 1));
                    }
                    else if (Visit(entry, status, isLink: false) is { } visited)
                    {
                        yield return visited;
                    }
                }
            }

            // Push in reverse so folders are walked in sorted order.
            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push((subdirectories[i], depth + 1));
            }

            Entry? Visit(string path, FileStatus status, bool isLink)
            {
                if (status.Kind != FileKind.Directory)
                {
                    var entry = Classify(path, status, isLink);
                    return entry.Problem is null && IsNonDocument(path)
                        ? entry with { Problem = new DocumentIngestResult(path, IngestStatus.Skipped, Error: "not a document type (image, archive or binary)") }
                        : entry;
                }

                if ((!glob && IgnoredFolderNames.Contains(Path.GetFileName(path))) || IsExcluded(path) || depth + 1 >= maxDepth)
                {
                    return null;
                }

                var key = KeyOf(path, status);
                if (key == excluded)
                {
                    return null;
                }

                if (walked.TryGetValue(key, out var first))
                {
                    return new Entry(path, status, new DocumentIngestResult(path, IngestStatus.Skipped, Error: $"same folder as {first}, which is walked once"));
                }

                walked.Add(key, path);
                subdirectories.Add(path);
                return null;
            }
        }
    }

    private static bool IsNonDocument(string path) =>
        DocumentReaderSelector.KnownNonDocumentExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>A regular file becomes a candidate; anything else becomes a skipped or failed result.</summary>
    private static Entry Classify(string path, FileStatus status, bool isLink) => status.Kind switch
    {
        FileKind.Regular => new Entry(path, status, null),
        FileKind.Missing when isLink => new Entry(path, status, new DocumentIngestResult(path, IngestStatus.Skipped,
            Error: status.Problem == "path not found" ? "broken symbolic link: its target does not exist" : $"symbolic link not followed: {status.Problem}")),
        FileKind.Missing => new Entry(path, status, new DocumentIngestResult(path, IngestStatus.Failed, Error: MissingReason(path, status))),
        _ => new Entry(path, status, new DocumentIngestResult(path, IngestStatus.Skipped, Error: $"not a regular file: {status.Describe()}")),
    };

    /// <summary>Device and inode where the platform gives them; otherwise the path with its links resolved.</summary>
    private static FileKey KeyOf(string path, FileStatus status)
    {
        if (status.HasIdentity)
        {
            return new FileKey(status.Device, status.Inode, null);
        }

        try
        {
            return new FileKey(0, 0, File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileKey(0, 0, path);
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

    /// <summary>One walked entry: a regular file to ingest (no problem) or a result saying why not.</summary>
    private readonly record struct Entry(string Path, FileStatus Status, DocumentIngestResult? Problem);

    /// <summary>What makes two paths the same file: (device, inode), or a resolved path where those are unknown.</summary>
    private readonly record struct FileKey(ulong Device, ulong Inode, string? ResolvedPath);
}
