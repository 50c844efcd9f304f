using System.CommandLine;
using Docent.Hosting;

namespace Docent.Cli;

/// <summary>The options every command accepts (--data, --json). Immutable after construction.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Data { get; } = new("--data")
    {
        Description = $"Data folder to use (default: ${DocentOptions.DataDirectoryVariable}, else ./{DocentOptions.DefaultDataDirectory}).",
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print exactly one JSON object on stdout instead of human output.",
        Recursive = true,
    };

    /// <summary>Engine options for the data folder the command line names.</summary>
    public DocentOptions ToDocentOptions(ParseResult parse) =>
        new() { DataDirectory = DocentOptions.ResolveDataDirectory(parse.GetValue(Data)) };
}
