using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Docent.Cli.Output;

/// <summary>
/// The CLI's console log format: one line per entry, "dbug: Category[EventId] message", with the message (and an
/// exception's lines) passed through <see cref="DisplayPath.Escape"/> — a logged file name may carry terminal escape
/// codes, and the simple formatter prints them raw. Stateless; thread-safe.
/// </summary>
internal sealed class EscapedConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The name the console logger selects this formatter by.</summary>
    public const string FormatterName = "docent";

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write($"{Level(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}] {DisplayPath.Escape(message)}{Environment.NewLine}");
        if (logEntry.Exception is { } exception)
        {
            foreach (var line in exception.ToString().Split('\n'))
            {
                textWriter.Write($"      {DisplayPath.Escape(line.TrimEnd('\r'))}{Environment.NewLine}");
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
