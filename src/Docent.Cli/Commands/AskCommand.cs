using System.CommandLine;
using System.Diagnostics;
using Docent.Answering;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Retrieval;

namespace Docent.Cli.Commands;

/// <summary>`docent ask`: a short answer quoted from the documents, every sentence cited.</summary>
internal static class AskCommand
{
    /// <summary>How many retrieved passages the answerer reads by default.</summary>
    public const int DefaultContextChunks = 8;

    public static Command Create(GlobalOptions global)
    {
        var question = new Argument<string>("question") { Description = "The question, in plain words." };
        var mode = GlobalOptions.CreateModeOption();
        var top = new Option<int>("--top", "-k") { Description = "How many retrieved passages the answer may draw on.", DefaultValueFactory = _ => DefaultContextChunks, HelpName = "K" };
        var command = new Command("ask", """
            Answer a question from the ingested documents. Without a model configured the answer is extractive:
            1–3 sentences quoted verbatim, each followed by a citation [n] naming source, page, headings and the
            quoted sentence. When the documents do not answer it, Docent says so and lists the closest passages.

            Examples:
              docent ask "How many vacation days do new employees get?"
              docent ask "Who approves travel over 2,000 euros?" --json
            """)
        {
            question, top, mode,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var text = parse.GetValue(question) ?? "";
                var k = parse.GetValue(top);
                if (k is < 1 or > 100)
                {
                    return CommandRunner.Fail(json, "--top must be between 1 and 100.");
                }

                var folder = await DataFolder.OpenAsync(global.ToDocentOptions(parse, mode: parse.GetValue(mode)), cancellationToken: cancellationToken);
                var result = await AskAsync(folder, text, k, cancellationToken);
                if (json)
                {
                    CommandRunner.WriteJson(result, CliJson.Default.AskJson);
                }
                else
                {
                    HumanOutput.WriteAnswer(result);
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>Retrieves, answers and times one question.</summary>
    public static async Task<AskJson> AskAsync(DataFolder folder, string question, int top, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var context = await folder.Retriever.RetrieveAsync(question, new RetrievalOptions { Top = top }, cancellationToken);
        var retrieve = stopwatch.Elapsed;
        Answer answer = await folder.Answerer.GenerateAsync(question, context, folder.Options.Answering, cancellationToken);
        var compose = stopwatch.Elapsed - retrieve;
        return JsonMapper.ToJson(answer, retrieve, compose);
    }
}
