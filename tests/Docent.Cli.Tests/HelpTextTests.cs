using System.CommandLine;
using Docent.Cli.Output;

namespace Docent.Cli.Tests;

/// <summary>`--help` texts are not pre-wrapped: paragraphs flow to the terminal's width and examples are never split.</summary>
public sealed class HelpTextTests
{
    private static IEnumerable<Command> AllCommands(Command command) => command.Subcommands.SelectMany(AllCommands).Prepend(command);

    [Fact]
    public void No_command_description_breaks_a_paragraph_across_lines()
    {
        var root = DocentCommandLine.CreateRootCommand(new GlobalOptions());

        foreach (var command in AllCommands(root))
        {
            var lines = (command.Description ?? "").ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i + 1 < lines.Length; i++)
            {
                // Two prose lines in a row (neither indented as an example or list item) are one paragraph broken by hand.
                var brokenParagraph = IsProse(lines[i]) && IsProse(lines[i + 1]);
                Assert.False(brokenParagraph, $"`{command.Name}` description breaks a paragraph after: \"{lines[i]}\"");
            }
        }

        static bool IsProse(string line) => line.Trim().Length > 0 && !char.IsWhiteSpace(line[0]);
    }

    [Fact]
    public void Paragraphs_flow_to_the_width_and_examples_stay_whole()
    {
        const string example = "curl http://127.0.0.1:5217/v1/chat/completions -H 'content-type: application/json' -d '{\"model\":\"default\"}'";
        var description = $"Serve the data folder over HTTP: a browser UI at /, a REST API under /api.\n\nExamples:\n  {example}";

        var lines = HelpDescription.Lines(description, width: 40);

        Assert.Equal(["  Serve the data folder over HTTP: a", "  browser UI at /, a REST API under", "  /api.", "", "  Examples:", "    " + example], lines);
    }

    [Fact]
    public async Task Piped_help_keeps_each_paragraph_and_each_example_on_one_line()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("serve", "--help");

        Assert.True(code == 0, stderr);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Single(lines, l => l.StartsWith("  Serve the data folder over HTTP", StringComparison.Ordinal) && l.TrimEnd().EndsWith("collection \"default\".", StringComparison.Ordinal));
        Assert.Single(lines, l => l.TrimStart().StartsWith("curl ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("}]}'", StringComparison.Ordinal));
        Assert.Single(lines, l => l == "Description:");
        Assert.All(lines, l => Assert.False(l.EndsWith(' '), $"trailing spaces: \"{l}\""));
    }
}
