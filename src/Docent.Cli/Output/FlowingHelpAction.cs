using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Docent.Cli.Output;

/// <summary>
/// The `--help` action: writes the command's description with <see cref="HelpDescription"/> (paragraphs flow to the
/// terminal's width, examples are never split), then the built-in help's usage, arguments and options, which wrap to
/// the same width. Stateless apart from the wrapped built-in action; one command line at a time.
/// </summary>
internal sealed class FlowingHelpAction(HelpAction builtIn) : SynchronousCommandLineAction
{
    /// <summary>Help is shown even when the rest of the command line does not parse (a missing argument).</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var command = parseResult.CommandResult.Command;
        var description = command.Description;
        if (string.IsNullOrWhiteSpace(description))
        {
            return builtIn.Invoke(parseResult);
        }

        // The built-in help writes the rest (it would rewrap the description line by line, splitting examples). With no
        // description it still writes the "Description:" heading, so its output is taken and that heading dropped.
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        using var rest = new StringWriter();
        int exitCode;
        command.Description = null;
        configuration.Output = rest;
        try
        {
            exitCode = builtIn.Invoke(parseResult);
        }
        finally
        {
            command.Description = description;
            configuration.Output = output;
        }

        HelpDescription.Write(description, builtIn.MaxWidth, output);
        output.Write(WithoutDescriptionHeading(rest.ToString()));
        return exitCode;
    }

    /// <summary>The built-in help's text without its leading (empty) "Description:" section, or the spaces it leaves at line ends.</summary>
    internal static string WithoutDescriptionHeading(string help)
    {
        var lines = help.ReplaceLineEndings("\n").Split('\n').ToList();
        if (lines.Count > 0 && lines[0].TrimEnd().EndsWith(':'))
        {
            lines.RemoveAt(0);
            while (lines.Count > 0 && lines[0].Trim().Length == 0)
            {
                lines.RemoveAt(0);
            }
        }

        return string.Join(Environment.NewLine, lines.Select(l => l.TrimEnd()));
    }
}
