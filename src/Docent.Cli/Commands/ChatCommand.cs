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
        var command = new Command("chat", """
            Ask questions one after another. Each follow-up ("and for managers?", "can they carry it over?") is rewritten into a standalone question before retrieval — by the chat model when one is configured, otherwise by resolving pronouns to the previous topic — and every turn is kept in the data folder under a conversation id. Type /new for a fresh conversation, /exit (or Ctrl+D) to leave. Reads questions from stdin when piped.

            Examples:
              docent chat
              docent chat --conversation onboarding        # resume, or start under a name of your choice
              printf 'How many vacation days?\nCan they be carried over?\n' | docent chat
            """)
        {
            top, mode, conversation, drop,
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

                var options = global.ToDocentOptions(parse, mode: parse.GetValue(mode));
                var folder = await ReadOnlyFolder.OpenAsync(options, requireDocuments: true, cancellationToken);
                var pipeline = folder.CreateAskPipeline();
                var id = parse.GetValue(conversation) ?? ConversationStore.NewId();
                ConversationStore.ValidateId(id);
                var interactive = !Console.IsInputRedirected;
                var answerer = folder.ChatClient is null ? "extractive answers (no chat model configured)" : $"model {options.Settings.Chat.Model}";
                AnsiConsole.MarkupLine($"[grey]Conversation {Markup.Escape(id)} · {Markup.Escape(answerer)} · resume with: docent chat --conversation {Markup.Escape(id)}[/]");

                while (!cancellationToken.IsCancellationRequested)
                {
                    if (interactive)
                    {
                        AnsiConsole.Markup("[bold green]?[/] ");
                    }

                    var line = await Console.In.ReadLineAsync(cancellationToken);
                    if (line is null || line.Trim() is "/exit" or "/quit")
                    {
                        break;
                    }

                    if (line.Trim() == "/new")
                    {
                        id = ConversationStore.NewId();
                        AnsiConsole.MarkupLine($"[grey]New conversation {Markup.Escape(id)}[/]");
                        continue;
                    }

                    if (string.IsNullOrWhiteSpace(line))
                    {
                        continue;
                    }

                    if (!interactive)
                    {
                        AnsiConsole.MarkupLine($"[bold green]?[/] {Markup.Escape(line)}");
                    }

                    var request = new AskRequest
                    {
                        Top = parse.GetValue(top),
                        ConversationId = id,
                        Answering = parse.GetValue(drop) ? new AnswerOptions { DropUnsupported = true } : null,
                    };
                    try
                    {
                        var result = await AskCommand.AskAsync(pipeline, line, request, stream: true, cancellationToken);
                        HumanOutput.WriteAnswer(result, alreadyStreamed: folder.ChatClient is not null);
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
}
