using System.Diagnostics;
using Docent.Chunking;
using Docent.Documents;
using Docent.Indexing;
using Docent.Retrieval;
using Docent.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Ingestion;

/// <summary>
/// The ingest stage: resolve inputs → for each file, hash → (unchanged? stop) → sniff and pick a reader →
/// stream blocks through the chunker into the store, one transaction per document → bring the lexical
/// index up to date and save it. Each input gets its own result; one bad file never stops the batch and
/// never touches what is stored for other files. Takes the data folder's write lock for the whole run.
/// Logs each input's outcome and the run's totals (<see cref="IngestionLog"/>; chunk text at Trace only).
/// Not thread-safe: one run at a time per data folder (the lock enforces it across processes).
/// </summary>
public sealed partial class IngestionPipeline
{
    private const int HeadBytes = 4096;

    /// <summary>Passages flagged as possible prompt injections that are named one by one in a document's warnings; the rest are counted.</summary>
    private const int MaxInjectionWarnings = 5;

    private readonly SqliteDocumentStore _store;
    private readonly StoreIndexes _indexes;
    private readonly DocumentReaderSelector _readers;
    private readonly IChunker _chunker;
    private readonly ChunkerOptions _chunking;
    private readonly ILogger _logger;
    private readonly Safety.PiiSettings? _pii;
    private readonly Safety.PiiScanner? _piiScanner;
    private readonly Safety.ChatNameFinder? _nameFinder;

    /// <summary>
    /// Creates the pipeline over a store and the indexes kept in step with it; <paramref name="chunking"/> is the chunk token
    /// budget (the data folder passes its <c>DocentOptions.Chunking</c>); <paramref name="logger"/> null logs nothing;
    /// <paramref name="pii"/> turns on the personal-data step (null or off: none), with <paramref name="nameFinder"/> for
    /// <c>pii.names = model</c>.
    /// </summary>
    public IngestionPipeline(
        SqliteDocumentStore store,
        StoreIndexes indexes,
        DocumentReaderSelector readers,
        IChunker chunker,
        ChunkerOptions? chunking = null,
        ILogger<IngestionPipeline>? logger = null,
        Safety.PiiSettings? pii = null,
        Safety.ChatNameFinder? nameFinder = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentNullException.ThrowIfNull(readers);
        ArgumentNullException.ThrowIfNull(chunker);
        _store = store;
        _indexes = indexes;
        _readers = readers;
        _chunker = chunker;
        _chunking = chunking ?? new ChunkerOptions();
        _chunking.Validate();
        _logger = logger ?? NullLogger<IngestionPipeline>.Instance;
        if (pii is { IsEnabled: true })
        {
            pii.Validate();
            if (pii.Names == Safety.PiiNameDetection.Model && nameFinder is null)
            {
                throw new ArgumentException("pii.names is \"model\" and no chat model is configured to find names: set chat.model (and chat.endpoint), or pii.names to off.", nameof(nameFinder));
            }

            _pii = pii;
            _piiScanner = new Safety.PiiScanner(pii.SelectedKinds);
            _nameFinder = nameFinder;
        }
    }

    /// <summary>The personal-data settings documents are read under, as one line; null when the step is off.</summary>
    internal string? PiiPolicy => _pii?.Policy;

    /// <summary>Ingests <paramref name="paths"/> (files, folders, globs) and reports one result per input.</summary>
    public async Task<IngestReport> IngestAsync(
        IReadOnlyList<string> paths,
        IngestOptions? options = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new IngestOptions();
        options.Validate();
        if (options.DisplaySource is not null && paths.Count(p => !string.IsNullOrWhiteSpace(p)) != 1)
        {
            throw new ArgumentException("A display source names one input: give exactly one folder or file with it.", nameof(options));
        }

        var stopwatch = Stopwatch.StartNew();

        using var writeLock = await DataFolderLock.AcquireAsync(_store.DataDirectory, options.LockWait, options.WaitingForLock, _logger, cancellationToken).ConfigureAwait(false);
        var resolved = new InputResolver(_store.DataDirectory).Resolve(paths);
        var results = new List<DocumentIngestResult>(resolved.Problems);
        IngestionLog.Started(_logger, paths.Count, resolved.Files.Count, resolved.Problems.Count);
        foreach (var problem in resolved.Problems)
        {
            IngestionLog.Outcome(_logger, problem);
        }

        long chunks = 0;
        string? indexWarning = null;
        var rules = new FolderAccessRules();
        try
        {
            for (var i = 0; i < resolved.Files.Count; i++)
            {
                var file = resolved.Files[i];
                var result = await IngestFileAsync(file, DisplaySourceOf(file, resolved.Roots, options.DisplaySource), options, rules, cancellationToken).ConfigureAwait(false);
                results.AddRange(result.WithContained());
                chunks += result.WithContained().Sum(r => (long)r.Chunks);
                progress?.Report(new IngestProgress(i + 1, resolved.Files.Count, chunks, result));
            }

            if (options.Prune)
            {
                var removed = await PruneAsync(resolved.Roots, cancellationToken).ConfigureAwait(false);
                removed.ForEach(r => IngestionLog.Outcome(_logger, r));
                results.AddRange(removed);
            }
        }
        finally
        {
            // Whatever was committed, even if the run was cancelled, is made searchable and saved.
            indexWarning = await _indexes.CatchUpAndSaveAsync(options.EmbeddingProgress, cancellationToken).ConfigureAwait(false);
        }

        var report = new IngestReport(results, stopwatch.Elapsed) { IndexWarning = indexWarning };
        IngestionLog.Finished(_logger, (long)report.Elapsed.TotalMilliseconds, report.Added, report.Updated, report.Unchanged, report.Removed, report.Skipped,
            report.Failed.Count, report.Chunks);
        return report;
    }

    /// <summary>
    /// Ingests one file, shown to API callers as <see cref="IngestOptions.DisplaySource"/>; every failure becomes a
    /// result naming the reason. The caller holds the data folder's write lock and brings the indexes up to date
    /// afterwards (<see cref="IngestAsync"/> does both).
    /// </summary>
    public Task<DocumentIngestResult> IngestFileAsync(string path, IngestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return IngestFileAsync(path, options.DisplaySource ?? Path.GetFileName(path), options, rules: null, cancellationToken);
    }

    /// <summary>
    /// The source people see for <paramref name="file"/>: its path relative to the parent of the root it was found under, with
    /// '/' separators ("handbook/leave.md" for `ingest ./handbook`), or its file name when it was given itself. With
    /// <paramref name="rootName"/> (the one root's display name), the root is shown by that name instead ("samples/handbook/leave.md").
    /// </summary>
    internal static string DisplaySourceOf(string file, IReadOnlyList<string> roots, string? rootName = null)
    {
        var root = roots.Where(r => file.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal)).MaxBy(r => r.Length);
        if (rootName is not null)
        {
            return root is null ? rootName : $"{rootName.TrimEnd('/')}/{Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')}";
        }

        if (root is null)
        {
            return Path.GetFileName(file);
        }

        var parent = Path.GetDirectoryName(root) ?? root;
        return Path.GetRelativePath(parent, file).Replace(Path.DirectorySeparatorChar, '/');
    }

    private async Task<DocumentIngestResult> IngestFileAsync(string path, string displaySource, IngestOptions options, FolderAccessRules? rules, CancellationToken cancellationToken)
    {
        var result = await TryIngestFileAsync(path, displaySource, options, rules, cancellationToken).ConfigureAwait(false);
        foreach (var outcome in result.WithContained())
        {
            IngestionLog.Outcome(_logger, outcome);
        }

        return result;
    }

    private Task<DocumentIngestResult> TryIngestFileAsync(string path, string displaySource, IngestOptions options, FolderAccessRules? rules, CancellationToken cancellationToken) =>
        TryIngestAsync(path, () => IngestFileCoreAsync(Path.GetFullPath(path), displaySource, options, rules, cancellationToken));

    /// <summary>Runs one document's ingest, turning every failure that is the document's fault into a result naming the reason.</summary>
    private static async Task<DocumentIngestResult> TryIngestAsync(string path, Func<Task<DocumentIngestResult>> ingest)
    {
        try
        {
            return await ingest().ConfigureAwait(false);
        }
        catch (DocumentReadException ex)
        {
            return new DocumentIngestResult(path, IngestStatus.Failed, Error: ex.Reason);
        }
        catch (UnauthorizedAccessException)
        {
            return new DocumentIngestResult(path, IngestStatus.Failed, Error: "permission denied: the file cannot be read");
        }
        catch (FileNotFoundException)
        {
            return new DocumentIngestResult(path, IngestStatus.Failed, Error: "the file disappeared while it was being read", Transient: true);
        }
        catch (IOException ex)
        {
            return new DocumentIngestResult(path, IngestStatus.Failed, Error: $"I/O error: {ex.Message}", Transient: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not Microsoft.Data.Sqlite.SqliteException)
        {
            // Third-party readers throw many exception types for malformed content; the file is what failed.
            return new DocumentIngestResult(path, IngestStatus.Failed, Error: $"could not read the document: {ex.Message}");
        }
    }

    private async Task<DocumentIngestResult> IngestFileCoreAsync(string path, string displaySource, IngestOptions options, FolderAccessRules? rules, CancellationToken cancellationToken)
    {
        // Examined without opening: a FIFO blocks on open and a device never ends, so only regular files are read.
        var info = FileStatus.Get(path);
        if (info.Kind == FileKind.Missing)
        {
            return new DocumentIngestResult(path, IngestStatus.Failed, Error: InputResolver.MissingReason(path, info));
        }

        if (info.Kind != FileKind.Regular)
        {
            return new DocumentIngestResult(path, IngestStatus.Skipped, Error: $"not a regular file: {info.Describe()}");
        }

        if (info.Length == 0)
        {
            return new DocumentIngestResult(path, IngestStatus.Failed, Error: "empty file: there is nothing to index");
        }

        if (info.Length > options.MaxFileBytes)
        {
            return new DocumentIngestResult(path, IngestStatus.Failed,
                Error: $"file is {ByteSize.Format(info.Length)}, over the {ByteSize.Format(options.MaxFileBytes)} limit (raise it with --max-file-mb)");
        }

        var access = options.Access is { } given ? Docent.Access.DocumentAccess.Normalize(given) : rules?.For(path);
        return await IngestContentAsync(new StoredContent(path, displaySource, path, info.Length, ParentId: null, Depth: 0, access), options, new ContainerBudget(options), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Stores one document's content: a file given itself, or a file taken out of a container into a temporary file. When the
    /// reader is a container's, the files inside are stored first (each its own document, named "container/inner/path"), then
    /// the container's own record, so a run stopped half-way leaves the container's old hash and the next run looks inside again.
    /// </summary>
    private async Task<DocumentIngestResult> IngestContentAsync(StoredContent content, IngestOptions options, ContainerBudget budget, CancellationToken cancellationToken)
    {
        var documentId = DocumentIdentity.FromSource(content.Source);
        string hash;
        byte[] head;
        await using (var stream = OpenRead(content.ReadPath, options.MaxFileBytes))
        {
            head = new byte[(int)Math.Min(HeadBytes, content.Length)];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            hash = await DocumentIdentity.HashContentAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var existing = await _store.FindBySourceAsync(content.Source, cancellationToken).ConfigureAwait(false);
        // The list this run gives, else the one it was stored with (set later by `docs access`, kept across re-reads).
        var access = content.Access ?? existing?.Access;
        // Same bytes shown under the same name, read under the same personal-data settings: nothing to read again. A new name (an
        // upload's, a demo's display root) or a change of pii.* is stored by re-reading.
        if (existing is not null && existing.ContentHash == hash && existing.DisplaySource == content.DisplaySource && existing.Quality?.Pii?.Policy == PiiPolicy)
        {
            if (!existing.AccessList.SequenceEqual(access ?? [], StringComparer.Ordinal))
            {
                await _store.SetAccessAsync(existing.Id, access ?? [], cancellationToken).ConfigureAwait(false);
            }

            return new DocumentIngestResult(content.Source, IngestStatus.Unchanged, existing.Id);
        }

        var input = new DocumentInput(content.Source, content.Length, head, () => OpenRead(content.ReadPath, options.MaxFileBytes));
        var choice = _readers.Select(input);
        if (choice.Reader is not { } reader)
        {
            // A file given on its own that cannot be read is a failure; one inside a container is passed over, saying why, as is a
            // real image that cannot be read because OCR is off, like other files that are not documents.
            var status = content.ParentId is null && !ContentSniffer.IsImage(head) ? IngestStatus.Failed : IngestStatus.Skipped;
            return new DocumentIngestResult(content.Source, status, documentId, Error: choice.SkipReason ?? "unsupported format");
        }

        input.Report.Format = reader.Format;
        IReadOnlyList<DocumentIngestResult>? contained = null;
        if (reader is IContainerReader container)
        {
            if (content.Depth >= options.MaxNestingDepth)
            {
                input.Report.Warn($"the files inside are not read: containers nested more than {options.MaxNestingDepth} deep");
            }
            else
            {
                contained = await IngestContainedAsync(container, input, content with { Access = access }, documentId, existing is not null, options, budget, cancellationToken).ConfigureAwait(false);
            }
        }

        await using var writer = await _store.BeginDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
        var measure = new BlockMeasure();
        var pii = _pii is null ? null : new PiiIngestStep(_pii, _piiScanner!, _nameFinder, _logger, content.DisplaySource);
        var read = reader.ReadAsync(input, cancellationToken);
        var blocks = measure.Count(pii is null ? read : pii.ApplyAsync(read, cancellationToken), cancellationToken);
        var languages = new DocumentLanguages();
        var injections = new List<string>();
        var flagged = 0;
        await foreach (var chunk in _chunker.ChunkAsync(documentId, blocks, _chunking, cancellationToken).ConfigureAwait(false))
        {
            await writer.AddChunkAsync(chunk with { Language = languages.Identify(chunk.Text) }, cancellationToken).ConfigureAwait(false);
            IngestionLog.ChunkText(_logger, chunk.Id, chunk.Text);
            if (Safety.InjectionDetector.Inspect(chunk.HeadingPath, chunk.Text) is { Flagged: true } finding && ++flagged <= MaxInjectionWarnings)
            {
                injections.Add($"passage {chunk.Ordinal + 1}{(chunk.Page is { } page ? $" (page {page})" : "")} may be a prompt injection "
                    + $"(score {finding.Score.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}): it {string.Join("; it ", finding.Reasons)}");
            }
        }

        var warnings = input.Report.Warnings.ToList();
        warnings.AddRange(injections);
        if (flagged > MaxInjectionWarnings)
        {
            warnings.Add($"{flagged - MaxInjectionWarnings} more passages may be prompt injections");
        }

        if (pii?.Warning is { } piiWarning)
        {
            warnings.Add(piiWarning);
        }

        if (writer.ChunkCount == 0 && contained is null)
        {
            warnings.Add("no text found: the document is stored but nothing in it is searchable");
        }

        // Without a title of its own, a document is named after the file people know (an upload's name, not its stored hash name).
        var title = string.IsNullOrWhiteSpace(input.Report.Title) ? Path.GetFileNameWithoutExtension(content.DisplaySource) : input.Report.Title.Trim();
        title = pii?.RedactTitle(title) ?? title;
        var quality = new DocumentQuality(input.Report.Pages, measure.Characters, measure.Headings, input.Report.Tables, input.Report.OcrPages, input.Report.OcrMeanConfidence,
            input.Report.OcrPages > 0 ? [.. input.Report.OcrPageConfidences] : null, pii?.Record());
        var record = new DocumentRecord(documentId, content.Source, title, reader.Format, hash, content.Length, writer.ChunkCount, DateTimeOffset.UtcNow, warnings,
            content.DisplaySource, quality, content.ParentId, access is { Count: > 0 } ? access : null);
        await writer.CommitAsync(record, cancellationToken).ConfigureAwait(false);
        return new DocumentIngestResult(content.Source, existing is null ? IngestStatus.Added : IngestStatus.Updated, documentId, writer.ChunkCount,
            Warnings: warnings, Contained: contained);
    }

    /// <summary>
    /// Copies each file out of <paramref name="container"/> into a temporary file and stores it as a document held by
    /// <paramref name="parentId"/>, then removes held documents the container no longer holds. A file that fails is a failed
    /// result naming it; a container that breaks its limits part-way throws, and what this run stored of a container that was
    /// never stored before is removed again, so a failed file leaves nothing behind.
    /// </summary>
    private async Task<IReadOnlyList<DocumentIngestResult>> IngestContainedAsync(IContainerReader container, DocumentInput input, StoredContent content,
        string parentId, bool storedBefore, IngestOptions options, ContainerBudget budget, CancellationToken cancellationToken)
    {
        var results = new List<DocumentIngestResult>();
        var names = new ContainedNames();
        var held = new HashSet<string>(StringComparer.Ordinal);
        var temporary = Directory.CreateTempSubdirectory("docent-contained-");
        try
        {
            await foreach (var file in container.ReadContainedAsync(input, cancellationToken).ConfigureAwait(false))
            {
                var name = names.Clean(file.Name);
                var source = $"{content.Source}/{name}";
                if (DocumentReaderSelector.KnownNonDocumentExtensions.Contains(Path.GetExtension(name)))
                {
                    // As a folder walk passes over images and binaries without a word, so does a look inside a container.
                    continue;
                }

                held.Add(DocumentIdentity.FromSource(source));
                if (budget.TakeFile() is { } over)
                {
                    results.Add(new DocumentIngestResult(source, IngestStatus.Failed, Error: over));
                    break;
                }

                var path = Path.Combine(temporary.FullName, names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                try
                {
                    long length;
                    await using (var target = new BoundedWriteStream(File.Create(path), source, Math.Min(options.MaxFileBytes, budget.RemainingBytes)))
                    {
                        await file.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                        length = target.Length;
                    }

                    budget.TakeBytes(length);
                    var result = length == 0
                        ? new DocumentIngestResult(source, IngestStatus.Skipped, Error: "empty file: there is nothing to index")
                        : await TryIngestAsync(source, () => IngestContentAsync(
                            new StoredContent(source, $"{content.DisplaySource}/{name}", path, length, parentId, content.Depth + 1, content.Access ?? []), options, budget, cancellationToken))
                            .ConfigureAwait(false);
                    results.Add(result);
                }
                catch (DocumentReadException ex) when (ex.Path != input.Path)
                {
                    // The file itself could not be taken out (damaged, encrypted, too large); the container's other files still are.
                    results.Add(new DocumentIngestResult(source, IngestStatus.Failed, Error: ex.Reason));
                }
                finally
                {
                    File.Delete(path);
                }
            }
        }
        catch (Exception ex) when (!storedBefore && ex is not OperationCanceledException)
        {
            foreach (var stored in results.Where(r => r.DocumentId is not null && r.Status != IngestStatus.Failed))
            {
                await _store.RemoveDocumentAsync(stored.DocumentId!, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            temporary.Delete(recursive: true);
        }

        foreach (var gone in await _store.ListContainedAsync(parentId, cancellationToken).ConfigureAwait(false))
        {
            if (!held.Contains(gone.Id) && await _store.RemoveDocumentAsync(gone.Id, cancellationToken).ConfigureAwait(false))
            {
                results.Add(new DocumentIngestResult(gone.Source, IngestStatus.Removed, gone.Id));
            }
        }

        return results;
    }

    /// <summary>
    /// Where a document's content comes from: its source as stored, as shown, the file its bytes are read from, its container,
    /// and the access list this run gives it (null: keep the stored one).
    /// </summary>
    private sealed record StoredContent(string Source, string DisplaySource, string ReadPath, long Length, string? ParentId, int Depth, IReadOnlyList<string>? Access);

    private async Task<List<DocumentIngestResult>> PruneAsync(IReadOnlyList<string> roots, CancellationToken cancellationToken)
    {
        var removed = new List<DocumentIngestResult>();
        foreach (var document in await _store.ListDocumentsAsync(cancellationToken).ConfigureAwait(false))
        {
            var underRoot = roots.Any(root =>
                document.Source.Equals(root, StringComparison.Ordinal) ||
                document.Source.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            // A file inside a container lives and goes with its container (removed with it, or when the container no longer holds it).
            if (underRoot && document.ParentId is null && !File.Exists(document.Source) &&
                await _store.RemoveDocumentAsync(document.Id, cancellationToken).ConfigureAwait(false))
            {
                removed.Add(new DocumentIngestResult(document.Source, IngestStatus.Removed, document.Id));
            }
        }

        return removed;
    }

    /// <summary>Opens the file for reading; the bytes read are counted against the limit (stat's size is not trusted).</summary>
    private static ByteLimitStream OpenRead(string path, long maxBytes) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan), path, maxBytes);
}
