using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Docent.Cli.Commands;
using Docent.Cli.Output;

namespace Docent.Cli;

/// <summary>Builds the `docent` command tree and runs it. Static; thread-safe.</summary>
public static class DocentCommandLine
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        ConsoleWidth.Configure();
        var global = new GlobalOptions();
        var parse = CreateRootCommand(global).Parse(args);
        if (args.Length > 0 && parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            // One line naming the problem (one JSON error object with --json) instead of the whole help. The raw
            // arguments decide --json: in `search -k --json`, --json was taken as the value of -k.
            return CommandRunner.Fail(args.Contains(global.Json.Name, StringComparer.Ordinal), ParseErrorMessage.Describe(parse));
        }

        using (CliServices.StartLogging(parse.GetValue(global.Verbose)))
        {
            return await parse.InvokeAsync();
        }
    }

    /// <summary>The command tree, with `--help` showing descriptions that flow to the terminal's width.</summary>
    internal static RootCommand CreateRootCommand(GlobalOptions global)
    {
        var root = new RootCommand("""
            Docent answers questions from your own documents, quoting and citing the sentences it used. Everything runs locally in one process with one data folder: no server, no model, no network.

            Start with:
              docent ingest ./docs
              docent ask "What is the travel policy for trains?"
            """)
        {
            global.Data,
            global.Json,
            global.Set,
            global.Verbose,
            global.ChatModel,
            global.NoEmbeddings,
            IngestCommand.Create(global),
            WatchCommand.Create(global),
            SearchCommand.Create(global),
            AskCommand.Create(global),
            ChatCommand.Create(global),
            DocsCommand.Create(global),
            StatsCommand.Create(global),
            DemoCommand.Create(global),
            EvalCommand.Create(global),
            FeedbackCommand.Create(global),
            ConfigCommand.Create(global),
            ServeCommand.Create(global),
            BenchCommand.Create(global),
            GenerateCommand.Create(global),
        };

        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction builtIn)
            {
                help.Action = new FlowingHelpAction(builtIn);
            }
        }

        return root;
    }
}
