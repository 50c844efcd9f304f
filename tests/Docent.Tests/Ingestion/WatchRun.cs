using System.Threading.Channels;
using Docent.Ingestion;

namespace Docent.Tests.Ingestion;

/// <summary>
/// A <see cref="FolderWatcher"/> running in the background for a test: its reports are collected as they come, and the test
/// waits on them (never on the clock); each wait fails the test after a generous timeout, naming what was seen.
/// </summary>
internal sealed class WatchRun : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<FolderSyncReport> _reports = Channel.CreateUnbounded<FolderSyncReport>();
    private readonly List<FolderSyncReport> _seen = [];
    private readonly List<FolderChange> _unclaimed = [];
    private readonly Task _pump;

    public WatchRun(FolderWatcher watcher)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var report in watcher.WatchAsync(_stop.Token))
                {
                    await _reports.Writer.WriteAsync(report);
                }
            }
            finally
            {
                _reports.Writer.TryComplete();
            }
        });
    }

    /// <summary>Every report taken so far, in order.</summary>
    public IReadOnlyList<FolderSyncReport> Seen => _seen;

    /// <summary>Waits for the next report that satisfies <paramref name="match"/>; the reports before it are kept in <see cref="Seen"/>.</summary>
    public async Task<FolderSyncReport> NextAsync(Func<FolderSyncReport, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var report = await _reports.Reader.ReadAsync(timeout.Token);
                _seen.Add(report);
                _unclaimed.AddRange(report.Changes);
                if (match(report))
                {
                    return report;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No report with {what} within {Timeout.TotalSeconds:0} s. Seen: {Describe()}");
        }
        catch (ChannelClosedException)
        {
            await _pump; // the watch ended: its exception, if any, is the cause
            throw new InvalidOperationException($"The watch ended before a report with {what}. Seen: {Describe()}");
        }
    }

    /// <summary>
    /// Waits until a report shows a change of <paramref name="kind"/> for <paramref name="path"/> that no earlier wait claimed (one
    /// report may carry the changes several waits look for).
    /// </summary>
    public async Task<FolderChange> ChangeAsync(FolderChangeKind kind, string path)
    {
        bool Matches(FolderChange c) => c.Kind == kind && c.Path == path;
        if (_unclaimed.FindIndex(Matches) is var index && index < 0)
        {
            await NextAsync(r => r.Changes.Any(Matches), $"{kind} {path}");
            index = _unclaimed.FindIndex(Matches);
        }

        var change = _unclaimed[index];
        _unclaimed.RemoveAt(index);
        return change;
    }

    public string Describe() => string.Join(" | ", _seen.Select(r =>
        $"{r.Trigger}: {string.Join(", ", r.Changes.Select(c => $"{c.Kind} {c.Source}"))}{(r.Problem is null ? "" : " (" + r.Problem + ")")}"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}
