using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docent.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Docent.Ingestion;

/// <summary>
/// Keeps a data folder in step with folders on disk. <see cref="WatchAsync"/> first catches up (every file under the folders
/// compared with the store, gone files removed, so what changed while nothing watched is applied), then follows a recursive
/// <see cref="FileSystemWatcher"/>: a path is synced once it has been quiet for <see cref="FolderWatcherOptions.Debounce"/> (a
/// file being written is read once, complete), the quiet paths together as one batch through
/// <see cref="IngestionPipeline.SyncAsync"/> — new, changed, renamed (chunks kept, by content hash) and deleted files, folders
/// as the files in them. Each batch takes the data folder's write lock for itself only, so another writer (<c>docent ingest</c>,
/// a server upload) gets its turn between batches; when the lock stays busy the batch is deferred and tried again with its
/// changes kept. Lost events (the watcher's buffer overflowed) and watcher errors cause a full rescan. Every sync, deferral and
/// error is reported as a <see cref="FolderSyncReport"/> in the stream <see cref="WatchAsync"/> returns, and logged
/// (<see cref="FolderWatchLog"/>). One watch at a time per instance; the pipeline must not be used by others meanwhile.
/// </summary>
public sealed class FolderWatcher
{
    private readonly IngestionPipeline _pipeline;
    private readonly FolderWatcherOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a watcher of <paramref name="folders"/> that writes through <paramref name="pipeline"/>; <paramref name="logger"/> null logs nothing.</summary>
    public FolderWatcher(IngestionPipeline pipeline, IReadOnlyList<string> folders, FolderWatcherOptions? options = null, ILogger<FolderWatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0 || folders.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Give at least one folder to watch, and no empty names.", nameof(folders));
        }

        _options = options ?? new FolderWatcherOptions();
        _options.Validate();
        _pipeline = pipeline;
        Folders = folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).Distinct(StringComparer.Ordinal).ToList();
        _logger = logger ?? NullLogger<FolderWatcher>.Instance;
    }

    /// <summary>The watched folders, as absolute paths.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>
    /// Catches up, then watches until <paramref name="cancellationToken"/> is cancelled, yielding one report per sync (the catch-up
    /// first), per deferral and per error; the stream simply ends on cancellation. Throws <see cref="DirectoryNotFoundException"/>
    /// when a folder does not exist and <see cref="IOException"/> when the system refuses to watch one (its watch limit reached).
    /// </summary>
    public async IAsyncEnumerable<FolderSyncReport> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var folder in Folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"Cannot watch {folder}: the folder does not exist.");
            }
        }

        var signals = Channel.CreateUnbounded<WatchSignal>(new UnboundedChannelOptions { SingleReader = true });
        var watchers = new List<FileSystemWatcher>();
        try
        {
            // Watching starts before the catch-up, so nothing that changes during it is missed (at worst it is synced twice).
            foreach (var folder in Folders)
            {
                watchers.Add(StartWatcher(folder, signals.Writer));
            }

            FolderWatchLog.Started(_logger, string.Join(", ", Folders), (long)_options.Debounce.TotalMilliseconds);
            var pending = new PendingPaths(Folders);
            pending.RequestRescan(FolderSyncTrigger.CatchUp, DateTime.UtcNow);
            var deferredReported = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                while (signals.Reader.TryRead(out var signal))
                {
                    if (Take(signal, pending) is { } problem)
                    {
                        yield return problem;
                    }
                }

                // Paths settling within half the interval of the due one join its batch: the two halves of a move (the old path's
                // event and the new one's, which may arrive apart) are synced together, so the move is seen as a rename.
                var batch = pending.TakeDue(DateTime.UtcNow, _options.Debounce / 2);
                if (batch is null)
                {
                    if (!await WaitForSignalAsync(signals.Reader, pending.NextDue - DateTime.UtcNow, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                var report = await ApplyAsync(batch, pending, cancellationToken).ConfigureAwait(false);
                if (report is null)
                {
                    break;
                }

                // One deferral report per busy spell: the retries that follow are quiet until something is applied.
                var deferred = report.Trigger == FolderSyncTrigger.Deferred;
                if (!deferred || !deferredReported)
                {
                    yield return report;
                }

                deferredReported = deferred;
            }
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }
        }
    }

    private FileSystemWatcher StartWatcher(string folder, ChannelWriter<WatchSignal> signals)
    {
        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            InternalBufferSize = 64 * 1024,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, e) => signals.TryWrite(new WatchSignal(e.FullPath));
        watcher.Deleted += (_, e) => signals.TryWrite(new WatchSignal(e.FullPath));
        watcher.Changed += (_, e) =>
        {
            // A folder's own change (its entries' times) says nothing its entries' events do not.
            if (!Directory.Exists(e.FullPath))
            {
                signals.TryWrite(new WatchSignal(e.FullPath));
            }
        };
        watcher.Renamed += (_, e) =>
        {
            signals.TryWrite(new WatchSignal(e.OldFullPath));
            signals.TryWrite(new WatchSignal(e.FullPath));
        };
        watcher.Error += (_, e) => signals.TryWrite(new WatchSignal(null, folder, e.GetException()));
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch (IOException ex)
        {
            watcher.Dispose();
            throw new IOException($"Cannot watch {folder}: {ex.Message} (on Linux, raise fs.inotify.max_user_watches or max_user_instances).", ex);
        }

        return watcher;
    }

    /// <summary>Records one signal; returns the report to give when it is a watcher error.</summary>
    private FolderSyncReport? Take(WatchSignal signal, PendingPaths pending)
    {
        var now = DateTime.UtcNow;
        if (signal.Error is null)
        {
            if (signal.Path is { } path && !IngestionPipeline.IsInside(path, _pipeline.DataDirectory))
            {
                pending.Touch(path, now + _options.Debounce);
            }

            return null;
        }

        var reason = signal.Error is InternalBufferOverflowException
            ? "too many changes at once, some events were lost"
            : signal.Error.Message;
        FolderWatchLog.WatcherProblem(_logger, signal.Folder ?? "", reason);
        pending.RequestRescan(FolderSyncTrigger.Rescan, now + _options.Debounce);
        return new FolderSyncReport(FolderSyncTrigger.Error, [], TimeSpan.Zero) { Problem = $"watching {signal.Folder}: {reason}; the watched folders will be rescanned" };
    }

    /// <summary>Syncs one batch; returns its report, a deferral or an error report (the batch kept), or null when cancelled.</summary>
    private async Task<FolderSyncReport?> ApplyAsync(PendingBatch batch, PendingPaths pending, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var ingest = new IngestOptions { MaxFileBytes = _options.MaxFileBytes, LockWait = _options.LockRetry };
        try
        {
            var report = await _pipeline.SyncAsync(Folders, batch.Paths, ingest, cancellationToken).ConfigureAwait(false) with { Trigger = batch.Trigger };
            pending.Succeeded();
            foreach (var failure in report.Changes.Where(c => c.Kind == FolderChangeKind.Failed && c.Transient))
            {
                pending.Retry(failure.Path, DateTime.UtcNow + _options.Debounce, _options.TransientRetries);
            }

            FolderWatchLog.Synced(_logger, report.Trigger, (long)report.Elapsed.TotalMilliseconds, report.Count(FolderChangeKind.Added),
                report.Count(FolderChangeKind.Updated), report.Count(FolderChangeKind.Renamed), report.Count(FolderChangeKind.Removed), report.Count(FolderChangeKind.Failed));
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (DataFolderBusyException ex)
        {
            pending.Requeue(batch, DateTime.UtcNow + _options.LockRetry);
            FolderWatchLog.Deferred(_logger, batch.Paths.Count, (long)_options.LockRetry.TotalMilliseconds, ex.Message);
            return new FolderSyncReport(FolderSyncTrigger.Deferred, [], stopwatch.Elapsed)
            {
                Problem = $"{ex.Message} The changes are kept and applied when it is free.",
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store or the disk failed the whole batch (disk full, a broken database): keep the changes, back off, say why.
            var retry = pending.Failed(_options.LockRetry);
            pending.Requeue(batch, DateTime.UtcNow + retry);
            FolderWatchLog.SyncFailed(_logger, ex.Message, batch.Paths.Count, (long)retry.TotalMilliseconds);
            return new FolderSyncReport(FolderSyncTrigger.Error, [], stopwatch.Elapsed)
            {
                Problem = $"the folder sync failed: {ex.Message}; the changes are kept and tried again in {retry.TotalSeconds:0.#} s",
            };
        }
    }

    /// <summary>Waits for a signal or until <paramref name="wait"/> passes (null: no limit); false when cancelled.</summary>
    private static async Task<bool> WaitForSignalAsync(ChannelReader<WatchSignal> reader, TimeSpan? wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (wait is { } limit)
        {
            timeout.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.Zero);
        }

        try
        {
            await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true; // the next path is due
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One file-system event: a path touched, or (with <see cref="Error"/>) the watcher of <see cref="Folder"/> failing.</summary>
    private readonly record struct WatchSignal(string? Path, string? Folder = null, Exception? Error = null);

    /// <summary>A batch taken for syncing: the touched paths (the folders themselves for a rescan) and why.</summary>
    private sealed record PendingBatch(FolderSyncTrigger Trigger, IReadOnlyCollection<string> Paths, bool Rescan);

    /// <summary>
    /// The paths waiting for their quiet interval to pass, each with the time it becomes due (a new event pushes it back), and a
    /// pending rescan of every folder. Used by the watch loop only.
    /// </summary>
    private sealed class PendingPaths(IReadOnlyList<string> folders)
    {
        private readonly Dictionary<string, DateTime> _due = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _retries = new(StringComparer.Ordinal);
        private DateTime? _rescanDue;
        private FolderSyncTrigger _rescanTrigger;
        private int _failures;

        public DateTime? NextDue => _due.Count == 0 ? _rescanDue : new[] { _rescanDue ?? DateTime.MaxValue, _due.Values.Min() }.Min();

        public void Touch(string path, DateTime due)
        {
            _due[path] = due;
            _retries.Remove(path);
        }

        public void RequestRescan(FolderSyncTrigger trigger, DateTime due)
        {
            // A catch-up not yet done stays a catch-up.
            _rescanTrigger = _rescanDue is not null && _rescanTrigger == FolderSyncTrigger.CatchUp ? FolderSyncTrigger.CatchUp : trigger;
            _rescanDue = _rescanDue is { } earlier && earlier < due ? earlier : due;
        }

        public PendingBatch? TakeDue(DateTime now, TimeSpan slack)
        {
            if (_due.Count > 0 && _due.Values.Min() > now && (_rescanDue is null || _rescanDue > now))
            {
                return null;
            }

            var ready = _due.Where(pair => pair.Value <= now + slack).Select(pair => pair.Key).ToList();
            ready.ForEach(path => _due.Remove(path));
            if (_rescanDue is { } rescan && rescan <= now)
            {
                // The rescan covers the paths that are due; those still settling are synced on their own when quiet.
                _rescanDue = null;
                return new PendingBatch(_rescanTrigger, folders.ToList(), Rescan: true);
            }

            return ready.Count == 0 ? null : new PendingBatch(FolderSyncTrigger.Changes, ready, Rescan: false);
        }

        /// <summary>Puts a batch that could not be applied back, due at <paramref name="due"/> unless touched again since.</summary>
        public void Requeue(PendingBatch batch, DateTime due)
        {
            if (batch.Rescan)
            {
                RequestRescan(batch.Trigger, due);
                return;
            }

            foreach (var path in batch.Paths)
            {
                _due[path] = _due.TryGetValue(path, out var later) && later > due ? later : due;
            }
        }

        /// <summary>Tries a file whose failure may pass again, up to <paramref name="limit"/> times.</summary>
        public void Retry(string path, DateTime due, int limit)
        {
            var tries = _retries.GetValueOrDefault(path);
            if (tries < limit && !_due.ContainsKey(path))
            {
                _due[path] = due;
                _retries[path] = tries + 1;
            }
        }

        public void Succeeded() => _failures = 0;

        /// <summary>Counts a failed batch; returns how long to wait before the next try (doubling, at most a minute).</summary>
        public TimeSpan Failed(TimeSpan first)
        {
            _failures++;
            var wait = first * Math.Pow(2, Math.Min(_failures - 1, 10));
            return wait < TimeSpan.FromMinutes(1) ? wait : TimeSpan.FromMinutes(1);
        }
    }
}
