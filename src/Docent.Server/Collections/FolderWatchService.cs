using Docent.Ingestion;
using Docent.Server.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Collections;

/// <summary>
/// Runs a <see cref="FolderWatcher"/> over <see cref="ServerOptions.WatchFolders"/> into the default collection for as long as the
/// server runs (<c>docent serve --watch</c>), logging each sync, change and problem (<see cref="ServerLog"/> 4010–4014). A watch that
/// cannot go on (a folder deleted, the system's watch limit) is logged as an error; the server keeps serving. Hosted once per server.
/// </summary>
internal sealed class FolderWatchService(CollectionRegistry registry, ServerOptions options, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<FolderWatchService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        const string collection = CollectionRegistry.DefaultName;
        try
        {
            var folder = await registry.GetAsync(collection, stoppingToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the collection \"{collection}\" does not exist");
            var watcher = new FolderWatcher(
                folder.CreateIngestionPipeline(), options.WatchFolders.ToList(), new FolderWatcherOptions { Debounce = options.WatchDebounce },
                loggerFactory.CreateLogger<FolderWatcher>());
            ServerLog.WatchStarted(_logger, collection, string.Join(", ", watcher.Folders));
            await foreach (var report in watcher.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (report.Problem is { } problem)
                {
                    ServerLog.WatchProblem(_logger, collection, problem);
                    continue;
                }

                ServerLog.WatchSynced(_logger, collection, report.Trigger.ToString(), (long)report.Elapsed.TotalMilliseconds, report.Count(FolderChangeKind.Added),
                    report.Count(FolderChangeKind.Updated), report.Count(FolderChangeKind.Renamed), report.Count(FolderChangeKind.Removed), report.Count(FolderChangeKind.Failed));
                foreach (var change in report.Changes.Where(c => c.Kind is not FolderChangeKind.Unchanged))
                {
                    var what = change.Kind switch
                    {
                        FolderChangeKind.Renamed => $"{change.PreviousSource} → {change.Source}",
                        FolderChangeKind.Failed or FolderChangeKind.Skipped => $"{change.Source}: {change.Reason}",
                        _ => change.Source,
                    };
                    ServerLog.WatchChange(_logger, collection, change.Kind.ToString(), what);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ServerLog.WatchStopped(_logger, collection, ex.Message);
        }
    }
}
