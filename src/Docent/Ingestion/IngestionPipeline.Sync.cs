using System.Diagnostics;
using Docent.Documents;
using Docent.Storage;

namespace Docent.Ingestion;

/// <summary>Folder sync for <see cref="FolderWatcher"/>: a batch of touched paths applied with rename detection.</summary>
public sealed partial class IngestionPipeline
{
    private static readonly HashSet<string> IgnoredFolderNames = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    /// <summary>The data folder this pipeline writes to.</summary>
    public string DataDirectory => _store.DataDirectory;

    /// <summary>
    /// Brings the store in step with the disk for <paramref name="paths"/> — files and folders that changed, appeared or
    /// disappeared — under the watched folders <paramref name="roots"/> (give the roots themselves as the paths for a full
    /// catch-up). Files that exist are ingested (added, updated or unchanged by content hash; folders are walked like
    /// <c>ingest</c> walks them). A file new to the store whose content hash equals a stored document whose file is gone (it
    /// was under one of the paths) is that document renamed: the document moves to the new path with its chunks as they are,
    /// nothing re-read, re-chunked or re-embedded (<see cref="SqliteDocumentStore.MoveDocumentAsync"/>). The gone documents left
    /// over are removed, with the files of a deleted folder. Takes the write lock for the whole batch, waiting up to
    /// <see cref="IngestOptions.LockWait"/> (then <see cref="DataFolderBusyException"/>), and brings the indexes up to date
    /// before releasing it. The report's trigger is <see cref="FolderSyncTrigger.Changes"/>.
    /// </summary>
    public async Task<FolderSyncReport> SyncAsync(
        IReadOnlyList<string> roots, IReadOnlyCollection<string> paths, IngestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new IngestOptions();
        options.Validate();
        var watchRoots = roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).Distinct(StringComparer.Ordinal).ToList();
        var stopwatch = Stopwatch.StartNew();
        using var writeLock = await DataFolderLock.AcquireAsync(_store.DataDirectory, options.LockWait, options.WaitingForLock, _logger, cancellationToken).ConfigureAwait(false);

        var changes = new List<FolderChange>();
        var rules = new FolderAccessRules();
        string? indexWarning;
        try
        {
            var touched = paths.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)))
                .Where(p => IsUnderRoot(p, watchRoots) && !IsInside(p, _store.DataDirectory))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var present = touched.Where(p => FileStatus.Get(p).Kind != FileKind.Missing).ToList();
            var resolved = new InputResolver(_store.DataDirectory).Resolve(present);
            changes.AddRange(resolved.Problems.Where(p => IsWatchedFile(p.Path, watchRoots)).Select(p => ToChange(p, DisplaySourceOf(p.Path, watchRoots))));

            var stored = await _store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false);
            var storedSources = stored.Select(d => d.Source).ToHashSet(StringComparer.Ordinal);
            var gone = stored
                .Where(d => IsUnderRoot(d.Source, watchRoots) && touched.Any(p => IsInside(d.Source, p)) && !SourceExists(d.Source))
                .ToList();

            foreach (var file in resolved.Files.Where(f => IsWatchedFile(f, watchRoots)))
            {
                var display = DisplaySourceOf(file, watchRoots);
                if (DocumentReaderSelector.KnownNonDocumentExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
                {
                    changes.Add(new FolderChange(FolderChangeKind.Skipped, file, display, Reason: "not a document type (image, archive or binary)"));
                    continue;
                }

                if (gone.Count > 0 && !storedSources.Contains(file) &&
                    await TryMoveAsync(file, display, gone, watchRoots, options, cancellationToken).ConfigureAwait(false) is { } moved)
                {
                    changes.Add(moved);
                    continue;
                }

                var result = await IngestFileAsync(file, display, options, rules, cancellationToken).ConfigureAwait(false);
                // An archive's or e-mail's files are reported by their names inside it ("bundle.zip/policies/travel.md").
                changes.AddRange(result.WithContained().Select(r => ToChange(r, r.Path.StartsWith(file, StringComparison.Ordinal) ? display + r.Path[file.Length..] : display)));
            }

            foreach (var document in gone)
            {
                if (await _store.RemoveDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false))
                {
                    var removed = new DocumentIngestResult(document.Source, IngestStatus.Removed, document.Id);
                    IngestionLog.Outcome(_logger, removed);
                    changes.Add(ToChange(removed, document.DisplaySource ?? DisplaySourceOf(document.Source, watchRoots)));
                }
            }
        }
        finally
        {
            // Whatever was committed, even if the batch was cancelled, is made searchable and saved.
            indexWarning = await _indexes.CatchUpAndSaveAsync(options.EmbeddingProgress, cancellationToken).ConfigureAwait(false);
        }

        return new FolderSyncReport(FolderSyncTrigger.Changes, changes, stopwatch.Elapsed) { IndexWarning = indexWarning };
    }

    /// <summary>
    /// Whether a file-system path is one a watch of <paramref name="roots"/> takes: inside a root, and not inside a hidden folder,
    /// a build folder (bin, obj, node_modules) or a hidden file — the entries <c>ingest</c> does not walk either.
    /// </summary>
    internal static bool IsWatchedFile(string path, IReadOnlyList<string> roots)
    {
        var root = roots.Where(r => IsInside(path, r)).MaxBy(r => r.Length);
        if (root is null)
        {
            return false;
        }

        var relative = Path.GetRelativePath(root, path);
        return relative == "." || relative.Split(Path.DirectorySeparatorChar).All(segment => !segment.StartsWith('.') && !IgnoredFolderNames.Contains(segment));
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it.</summary>
    internal static bool IsInside(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal) || path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsUnderRoot(string path, IReadOnlyList<string> roots) => roots.Any(root => IsInside(path, root));

    /// <summary>
    /// Whether a stored document's source still exists: its file, or a file above it that holds it (a document read out of an
    /// archive is stored as "archive.zip/inner/path"). A folder where the file was, or nothing, means it is gone.
    /// </summary>
    private static bool SourceExists(string source)
    {
        for (var path = source; !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            var kind = FileStatus.Get(path).Kind;
            if (kind == FileKind.Directory)
            {
                return false;
            }

            if (kind != FileKind.Missing)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The rename check: when <paramref name="file"/>'s content hash equals a gone document's, that document (and any documents
    /// stored under it, such as an archive's entries) moves to the file's path; null when no gone document matches.
    /// </summary>
    private async Task<FolderChange?> TryMoveAsync(
        string file, string display, List<DocumentRecord> gone, IReadOnlyList<string> roots, IngestOptions options, CancellationToken cancellationToken)
    {
        var info = FileStatus.Get(file);
        if (info.Kind != FileKind.Regular || info.Length == 0 || info.Length > options.MaxFileBytes)
        {
            return null;
        }

        string hash;
        try
        {
            await using var stream = OpenRead(file, options.MaxFileBytes);
            hash = await DocumentIdentity.HashContentAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // the ingest that follows reports why the file cannot be read
        }

        // A file inside a container moves only with its container, never out of it.
        // A document read under other personal-data settings is read again, not moved.
        var candidates = gone.Where(d => d.ContentHash == hash && d.ParentId is null && d.Quality?.Pii?.Policy == PiiPolicy).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        // Of several gone copies, the one with the same file name is the likelier origin (a folder renamed or moved).
        var origin = candidates.FirstOrDefault(d => Path.GetFileName(d.Source) == Path.GetFileName(file)) ?? candidates[0];
        gone.Remove(origin);
        var moved = await _store.MoveDocumentAsync(origin.Id, DocumentIdentity.FromSource(file), file, display, cancellationToken).ConfigureAwait(false);
        if (moved is null)
        {
            return null;
        }

        foreach (var child in gone.Where(d => IsInside(d.Source, origin.Source)).ToList())
        {
            var childSource = file + child.Source[origin.Source.Length..];
            gone.Remove(child);
            await _store.MoveDocumentAsync(child.Id, DocumentIdentity.FromSource(childSource), childSource, DisplaySourceOf(childSource, roots), cancellationToken)
                .ConfigureAwait(false);
        }

        var previousDisplay = origin.DisplaySource ?? DisplaySourceOf(origin.Source, roots);
        FolderWatchLog.Renamed(_logger, origin.Source, file, moved.ChunkCount);
        return new FolderChange(FolderChangeKind.Renamed, file, display, origin.Source, previousDisplay, moved.ChunkCount);
    }

    private static FolderChange ToChange(DocumentIngestResult result, string display) => new(
        result.Status switch
        {
            IngestStatus.Added => FolderChangeKind.Added,
            IngestStatus.Updated => FolderChangeKind.Updated,
            IngestStatus.Unchanged => FolderChangeKind.Unchanged,
            IngestStatus.Removed => FolderChangeKind.Removed,
            IngestStatus.Skipped => FolderChangeKind.Skipped,
            _ => FolderChangeKind.Failed,
        },
        result.Path,
        display,
        Chunks: result.Chunks,
        Reason: result.Error,
        Transient: result.Transient);
}
