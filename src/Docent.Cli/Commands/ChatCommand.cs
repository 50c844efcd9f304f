using System.CommandLine;
using Docent.Answering;
using Docent.Asking;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Models;
using Docent.Storage;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent chat`: questions in a row, each follow-up understood in the light of the earlier ones.</summary>
internal static class ChatCommand
{
    public static Command Create(GlobalOptions global)
    {
        var mode = GlobalOptions.CreateModeOption();
        var top = new Option<int>("--top", "-k") { Description = "How many retrieved passages each answer may draw on.", DefaultValueFactory = _ => AskCommand.DefaultContextChunks, HelpName = "K" };
        var conversation = AskCommand.CreateConversationOption();
        var drop = AskCommand.CreateDropOption();
        var readAs = AccessOption.Create();
        var command = new Command("chat", """
            Ask questions one after another. Each follow-up ("and for managers?", "can they carry it over?") is rewritten into a standalone question before retrieval — by the chat model when one is configured, otherwise by resolving pronouns to the previous topic — and every turn is kept in the data folder under a conversation id.

            Commands: /help lists them, /new starts a fresh conversation, /sources shows the last answer's sources in full, /exit (or Ctrl+D) leaves. Reads questions from stdin when piped.

            Examples:
              docent chat
              docent chat --conversation onboarding        # resume, or start under a name of your choice
              printf 'How many vacation days?\nCan they be carried over?\n' | docent chat
            """)
        {
            top, mode, conversation, drop, readAs,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                if (json)
                {
                    return CommandRunner.Fail(json, "chat is interactive; use `docent ask --conversation ID --json` for one JSON answer per question.");
                }

                var access = AccessOption.Read(parse, readAs);
                var options = global.ToDocentOptions(parse, mode: parse.GetValue(mode));
                var folder = await ReadOnlyFolder.OpenAsync(options, requireDocuments: true, cancellationToken);
                using var audit = options.Settings.Audit.Open(folder.DataDirectory, folder.LoggerFactory);
                var pipeline = folder.CreateAskPipeline(cache: null, audit, folder.DataDirectory);
                var id = parse.GetValue(conversation) ?? ConversationStore.NewId();
                ConversationStore.ValidateId(id);
                var interactive = !Console.IsInputRedirected;
                var answerer = folder.ChatClient is null ? "extractive answers (no chat model configured)" : $"model {options.Settings.Chat.Model}";
                AnsiConsole.MarkupLine($"[grey]Conversation {Markup.Escape(id)} · {Markup.Escape(answerer)} · resume with: docent chat --conversation {Markup.Escape(id)}[/]");

                AskJson? previous = null;
                while (!cancellationToken.IsCancellationRequested)
                {
                    if (interactive)
                    {
                        AnsiConsole.Markup("[bold green]?[/] ");
                    }

                    var line = await Console.In.ReadLineAsync(cancellationToken);
                    if (line is null)
                    {
                        break; // Ctrl+D, or the end of piped input
                    }

                    line = line.Trim();
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    if (!interactive)
                    {
                        AnsiConsole.MarkupLine($"[bold green]?[/] {Markup.Escape(line)}");
                    }

                    if (SlashCommand(line) is { } slash)
                    {
                        if (slash is "exit" or "quit")
                        {
                            break;
                        }

                        if (slash == "new")
                        {
                            id = ConversationStore.NewId();
                            previous = null;
                            AnsiConsole.MarkupLine($"[grey]New conversation {Markup.Escape(id)}: follow-ups no longer refer to earlier questions.[/]");
                        }
                        else if (slash == "help")
                        {
                            WriteHelp();
                        }
                        else if (slash == "sources")
                        {
                            WriteSources(previous);
                        }
                        else
                        {
                            AnsiConsole.MarkupLine($"[yellow]Unknown command /{Markup.Escape(DisplayPath.Escape(slash))}[/]: type /help for the commands (/help, /new, /sources, /exit).");
                        }

                        continue;
                    }

                    var request = new AskRequest
                    {
                        Top = parse.GetValue(top),
                        ConversationId = id,
                        Answering = parse.GetValue(drop) ? new AnswerOptions { DropUnsupported = true } : null,
                        CallerName = AskCommand.CallerName,
                        Access = access,
                    };
                    try
                    {
                        var result = await AskCommand.AskAsync(pipeline, line, request, stream: true, cancellationToken);
                        HumanOutput.WriteAnswer(result, alreadyStreamed: folder.ChatClient is not null);
                        previous = result;
                    }
                    catch (ModelUnavailableException ex)
                    {
                        // One failed question ends nothing: it is not stored, and the next one may work.
                        Console.Error.WriteLine($"docent: error: {ex.Message}");
                    }

                    Console.Out.WriteLine();
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>The command a line names ("/help" → "help"), or null when the line is a question (a path like "/etc/hosts …" is one).</summary>
    internal static string? SlashCommand(string line)
    {
        if (!line.StartsWith('/'))
        {
            return null;
        }

        var word = line[1..].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return word.All(char.IsLetter) ? word.ToLowerInvariant() : null;
    }

    private static void WriteHelp()
    {
        // Aligned name/value lines (no table padding: a pipe gets no trailing spaces).
        HumanOutput.WriteFields(
        [
            ("/help", Style.Plain, "this list"),
            ("/new", Style.Plain, "start a new conversation: follow-ups no longer refer to earlier questions"),
            ("/sources", Style.Plain, "the last answer's sources in full: document, file, page, section and the whole passage"),
            ("/exit", Style.Plain, "leave (also /quit, or Ctrl+D)"),
        ]);
        AnsiConsole.MarkupLine("Anything else is a question. A follow-up such as \"Can they be carried over?\" is read in the light of the previous one.");
    }

    private static void WriteSources(AskJson? answer)
    {
        if (answer is null)
        {
            AnsiConsole.MarkupLine("[grey]No answer yet in this conversation: ask a question first.[/]");
            return;
        }

        // Two sentences quoted from one passage show that passage once, under both their numbers.
        var sources = answer.Found
            ? answer.Citations.GroupBy(c => c.ChunkId)
                .Select(g => (string.Concat(g.Select(c => $"[{c.Index}]")), g.First().Source, g.First().Path, g.First().Page, g.First().HeadingPath, g.First().Text)).ToList()
            : answer.ClosestPassages.Select(p => ($"{p.Rank}.", p.Source, p.Path, p.Page, p.HeadingPath, p.Text)).ToList();
        if (sources.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]The last answer has no sources: nothing in the documents matched it.[/]");
            return;
        }

        if (!answer.Found)
        {
            AnsiConsole.MarkupLine("[grey]The last question was not answered; the closest passages were:[/]");
        }

        foreach (var (label, source, path, page, headings, text) in sources)
        {
            var where = string.Join(" › ", new[] { source + (page is { } p ? $" p.{p}" : "") }.Concat(headings));
            AnsiConsole.MarkupLine($"[blue]{Markup.Escape(label)}[/] {Markup.Escape(DisplayPath.Escape(where))}");
            AnsiConsole.MarkupLine($"    [grey]file: {Markup.Escape(DisplayPath.Escape(path))}[/]");
            foreach (var paragraph in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                AnsiConsole.MarkupLine($"    {Markup.Escape(DisplayPath.Escape(paragraph))}");
            }
        }
    }
}
