using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Docent.Tests.TestSupport;

/// <summary>
/// A logger provider that keeps every entry written through it (all levels, Trace included), for tests that assert what
/// was logged. <see cref="CreateFactory"/> gives an <see cref="ILoggerFactory"/> to lend the engine. Thread-safe.
/// </summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The entries so far, in the order written.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>A factory that logs every level to this provider only.</summary>
    public ILoggerFactory CreateFactory() =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    /// <summary>The entries of event <paramref name="eventId"/>.</summary>
    public IReadOnlyList<LogEntry> WithId(int eventId) => Entries.Where(e => e.EventId.Id == eventId).ToList();

    /// <summary>
    /// Waits for the first entry that satisfies <paramref name="match"/> (one already written counts); throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>, a bound on failure rather than a timing assertion.
    /// </summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Volatile.Read(ref _logged).Task;
            if (Entries.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await next.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching log entry within {timeout.TotalSeconds:0} s; logged: {string.Join(" | ", Entries.Select(e => e.Message))}");
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        Interlocked.Exchange(ref _logged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public void Dispose()
    {
    }

    /// <summary>One entry: where and how it was logged, its formatted message, its structured values and the exception logged with it.</summary>
    public sealed record LogEntry(
        string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception = null)
    {
        /// <summary>The structured value named <paramref name="name"/> (as in the message template).</summary>
        public object? this[string name] => State.FirstOrDefault(p => p.Key == name).Value;
    }

    private sealed class Logger(string category, CollectingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Copied now: source-generated state objects may be pooled and cleared once Log returns.
            IReadOnlyList<KeyValuePair<string, object?>> values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? [.. pairs] : [];
            provider.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), values, exception));
        }
    }
}
