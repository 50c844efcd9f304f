using Docent.Cli.Output;
using Docent.Generation;
using Docent.Hosting;
using Docent.Indexing;
using Docent.Models;
using Docent.Models.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Docent.Cli;

/// <summary>
/// What the CLI lends the engine: logging on stderr — at Debug with the global <c>--verbose</c>, or at the level
/// <c>DOCENT_LOG_LEVEL</c> names (Trace, Debug, Information, …; the lower of the two when both are given), nothing
/// otherwise — so stdout keeps only the command's output; and, when opening a folder must embed chunks, progress on
/// stderr. <see cref="StartLogging"/> sets the level for one command line and flushes the log when disposed.
/// Static; thread-safe.
/// </summary>
internal static class CliServices
{
    /// <summary>The environment variable that turns on logging.</summary>
    public const string LogLevelVariable = "DOCENT_LOG_LEVEL";

    private static readonly Lock Gate = new();
    private static bool s_verbose;
    private static ILoggerFactory? s_loggers;
    private static bool s_created;

    /// <summary>The in-process runtimes the tool ships: ONNX embeddings and reranker, and local generation (one per process, so a model file loads once).</summary>
    public static ILocalModelProvider LocalModels { get; } = new LocalModelProviders(
        new OnnxModelProvider { Progress = new SynchronousProgress<string>(line => Console.Error.WriteLine(line)) }, new LocalGenerationProvider());

    public static ModelServices Create() => new()
    {
        LoggerFactory = Loggers(),
        LocalModels = LocalModels,
    };

    /// <summary>
    /// Sets whether this command line is <paramref name="verbose"/>; disposing the result writes out what is still queued
    /// for the console (the console logger writes from a background thread) and closes the log.
    /// </summary>
    public static IDisposable StartLogging(bool verbose)
    {
        lock (Gate)
        {
            s_verbose = verbose;
        }

        return new LoggingScope();
    }

    /// <summary>
    /// The CLI's logger factory, created on first use (so a bad <c>DOCENT_LOG_LEVEL</c> is reported by the command as
    /// any bad option is); null when nothing asks for logging.
    /// </summary>
    public static ILoggerFactory? Loggers()
    {
        lock (Gate)
        {
            if (!s_created)
            {
                s_loggers = CreateLoggerFactory(s_verbose);
                s_created = true;
            }

            return s_loggers;
        }
    }

    private static ILoggerFactory? CreateLoggerFactory(bool verbose)
    {
        var level = Environment.GetEnvironmentVariable(LogLevelVariable);
        LogLevel? minimum = verbose ? LogLevel.Debug : null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (!Enum.TryParse<LogLevel>(level, ignoreCase: true, out var named) || !Enum.IsDefined(named))
            {
                throw new ArgumentException($"{LogLevelVariable}=\"{level}\" is not a log level (Trace, Debug, Information, Warning, Error).");
            }

            minimum = minimum is { } debug && debug < named ? debug : named;
        }

        if (minimum is not { } chosen)
        {
            return null;
        }

        return LoggerFactory.Create(builder => builder
            .SetMinimumLevel(chosen)
            .AddConsole(o =>
            {
                o.FormatterName = EscapedConsoleFormatter.FormatterName;
                o.LogToStandardErrorThreshold = LogLevel.Trace; // every entry to stderr: stdout is the command's output
            })
            .AddConsoleFormatter<EscapedConsoleFormatter, ConsoleFormatterOptions>());
    }

    /// <summary>Flushes and closes the log of one command line.</summary>
    private sealed class LoggingScope : IDisposable
    {
        public void Dispose()
        {
            ILoggerFactory? loggers;
            lock (Gate)
            {
                loggers = s_loggers;
                s_loggers = null;
                s_created = false;
            }

            loggers?.Dispose();
        }
    }
}
