using Spectre.Console;

namespace Docent.Cli.Output;

/// <summary>
/// The width human output is laid out to. On a terminal it is the terminal's; when stdout is a file or a pipe it is
/// unlimited, so nothing is hard-wrapped there (Spectre.Console would otherwise assume 80 columns and pad or split
/// lines, ids and paths included). Static; <see cref="Configure"/> runs once at start-up, before any output.
/// </summary>
internal static class ConsoleWidth
{
    /// <summary>The width used when stdout is not a terminal: wider than any line the CLI writes.</summary>
    public const int Unlimited = 1 << 20;

    /// <summary>Makes the shared console unlimited in width when stdout is redirected.</summary>
    public static void Configure()
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Unlimited;
        }
    }
}
