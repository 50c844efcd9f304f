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

    /// <summary>The entries so far, in the order written.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>A factory that logs every level to this provider only.</summary>
    public ILoggerFactory CreateFactory() =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    /// <summary>The entries of event <paramref name="eventId"/>.</summary>
    public IReadOnlyList<LogEntry> WithId(int eventId) => Entries.Where(e => e.EventId.Id == eventId).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    /// <summary>One entry: where and how it was logged, its formatted message and its structured values.</summary>
    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)
    {
        /// <summary>The structured value named <paramref name="name"/> (as in the message template).</summary>
        public object? this[string name] => State.FirstOrDefault(p => p.Key == name).Value;
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Copied now: source-generated state objects may be pooled and cleared once Log returns.
            IReadOnlyList<KeyValuePair<string, object?>> values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? [.. pairs] : [];
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), values));
        }
    }
}
