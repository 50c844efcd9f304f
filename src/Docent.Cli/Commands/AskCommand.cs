using System.CommandLine;
using System.Text;
using Docent.Answering;
using Docent.Asking;
using Docent.Cli.Output;
using Docent.Hosting;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent ask`: a short answer from the documents, every sentence cited and checked.</summary>
internal static class AskCommand
{
    /// <summary>How many retrieved passages the answerer reads by default.</summary>
    public const int DefaultContextChunks = 8;

    public static Command Create(GlobalOptions global)
    {
        var question = FreeTextArgument.Create("question", "The question, in plain words.");
        var mode = GlobalOptions.CreateModeOption();
        var top = new Option<int>("--top", "-k") { Description = "How many retrieved passages the answer may draw on.", DefaultValueFactory = _ => DefaultContextChunks, HelpName = "K" };
        var conversation = CreateConversationOption();
        var drop = CreateDropOption();
        var readAs = AccessOption.Create();
        var command = new Command("ask", """
            Answer a question from the ingested documents.

            Without a model the answer is extractive: 1–3 sentences quoted verbatim, each followed by a citation [n] naming source, page, headings and the quoted sentence. With a chat model configured (see `docent config`) the model writes the answer, streamed as it comes, and Docent then checks every sentence against the passages it cites: unsupported sentences are reported (or removed with --drop-unsupported). When the documents do not answer it, Docent says so and lists the closest passages.

            Examples:
              docent ask "How many vacation days do new employees get?"
              docent ask how many vacation days do new employees get
              docent ask "Who approves travel over 2,000 euros?" --json
              docent ask "Can they be carried over?" --conversation onboarding
              docent ask "What is the VPN address?" --set chat.model=llama3.1 --set chat.endpoint=http://localhost:11434/v1
              docent ask "When is the salary review?" --as group:hr
            """)
        {
            question, top, mode, conversation, drop, readAs,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var k = parse.GetValue(top);
                if (k is < 1 or > 100)
                {
                    return CommandRunner.Fail(json, "--top must be between 1 and 100.");
                }

                var text = FreeTextArgument.Read(parse, question);
                var access = AccessOption.Read(parse, readAs);
                var options = global.ToDocentOptions(parse, mode: parse.GetValue(mode));
                var folder = await ReadOnlyFolder.OpenAsync(options, requireDocuments: true, cancellationToken);
                var request = new AskRequest
                {
                    Top = k,
                    ConversationId = parse.GetValue(conversation),
                    Answering = parse.GetValue(drop) ? new AnswerOptions { DropUnsupported = true } : null,
                    CallerName = CallerName,
                    Access = access,
                };
                // A one-off process gains nothing from an in-memory answer cache; the audit log is written when configured.
                using var audit = options.Settings.Audit.Open(folder.DataDirectory, folder.LoggerFactory);
                var result = await AskAsync(folder.CreateAskPipeline(cache: null, audit, folder.DataDirectory), text, request, stream: !json, cancellationToken);
                if (json)
                {
                    CommandRunner.WriteJson(result, CliJson.Default.AskJson);
                }
                else
                {
                    HumanOutput.WriteAnswer(result, alreadyStreamed: folder.ChatClient is not null);
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>The caller audit records name for the command line: "cli:" and the OS user.</summary>
    public static string CallerName => "cli:" + Environment.UserName;

    /// <summary>The --conversation option of ask and chat.</summary>
    public static Option<string?> CreateConversationOption() => new("--conversation", "-c")
    {
        Description = "Keep history under this id (letters, digits, '-', '_'; created when new): follow-ups like \"and for managers?\" are " +
                      "rewritten into standalone questions before retrieval.",
        HelpName = "ID",
    };

    /// <summary>The --drop-unsupported option of ask and chat.</summary>
    public static Option<bool> CreateDropOption() => new("--drop-unsupported")
    {
        Description = "Remove answer sentences the grounding check cannot support (they are still reported). Same as the setting dropUnsupported.",
    };

    /// <summary>Runs one question; with <paramref name="stream"/> a model's text is written to the terminal as it arrives.</summary>
    public static async Task<AskJson> AskAsync(IAskPipeline pipeline, string question, AskRequest request, bool stream, CancellationToken cancellationToken)
    {
        AskResult? result = null;
        var streamed = new StringBuilder();
        await foreach (var update in pipeline.AskStreamingAsync(question, request, cancellationToken))
        {
            if (update.Delta is { } delta && stream)
            {
                Console.Out.Write(delta);
                Console.Out.Flush();
                streamed.Append(delta);
            }

            result = update.Result ?? result;
        }

        if (streamed.Length > 0)
        {
            Console.Out.WriteLine();
        }

        return JsonMapper.ToJson(question, result!);
    }

    /// <summary>The demo's one-off, non-streamed question.</summary>
    public static Task<AskJson> AskAsync(DataFolder folder, string question, int top, CancellationToken cancellationToken) =>
        AskAsync(folder.CreateAskPipeline(), question, new AskRequest { Top = top }, stream: false, cancellationToken);
}
