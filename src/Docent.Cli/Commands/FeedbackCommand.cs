using System.CommandLine;
using Docent.Cli.Output;
using Docent.Feedback;

namespace Docent.Cli.Commands;

/// <summary>`docent feedback export`: readers' thumbs up from the browser page as a golden set that `docent eval qa --golden` reads.</summary>
internal static class FeedbackCommand
{
    public static Command Create(GlobalOptions global)
    {
        var export = new Command("export", """
            Write the feedback readers gave in the browser page (thumbs up and down, stored by `docent serve` in the data folder's feedback.jsonl) as a golden set: one JSON line per question, {"id", "question", "expect": [answer]} for an approved answer or {"id", "question", "unanswerable": true} for an approved refusal. The latest verdict on a question counts; thumbs-down questions are left out (they say what is wrong, not what is right). Review the lines, shorten each expected answer to the phrase that matters, then measure with `docent eval qa --golden FILE`.

            The lines go to stdout, or to --output FILE; with --json (which needs --output) stdout gets one object saying how many questions were written and how many verdicts were left out.

            Examples:
              docent feedback export > golden.jsonl
              docent feedback export --collection hr --output hr-golden.jsonl --json
            """);
        var collection = new Option<string?>("--collection") { Description = "A collection of the server's data folder (its collections/NAME folder) instead of the default one.", HelpName = "NAME" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the golden set to FILE instead of stdout.", HelpName = "FILE" };
        export.Options.Add(collection);
        export.Options.Add(output);
        export.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var file = parse.GetValue(output);
                if (json && file is null)
                {
                    return CommandRunner.Fail(json, "--json prints a summary object, so the golden set needs --output FILE.");
                }

                var directory = global.DataDirectory(parse);
                if (parse.GetValue(collection) is { } name)
                {
                    if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9_-]{1,64}$"))
                    {
                        return CommandRunner.Fail(json, $"\"{name}\" is not a collection name: use 1–64 lower-case letters, digits, '-' or '_'.");
                    }

                    directory = name == "default" ? directory : Path.Combine(directory, "collections", name);
                }

                if (!Directory.Exists(directory))
                {
                    return CommandRunner.Fail(json, $"There is no data folder at {DisplayPath.Escape(directory)}.");
                }

                var records = FeedbackLog.Read(directory);
                var lines = FeedbackLog.ToGoldenLines(records);
                if (file is null)
                {
                    foreach (var line in lines)
                    {
                        Console.Out.WriteLine(line);
                    }
                }
                else
                {
                    await File.WriteAllLinesAsync(file.FullName, lines, cancellationToken);
                }

                var left = records.Count - lines.Count;
                if (json)
                {
                    CommandRunner.WriteJson(new FeedbackExportJson(file!.FullName, lines.Count, records.Count, left), CliJson.Default.FeedbackExportJson);
                }
                else
                {
                    Console.Error.WriteLine($"{lines.Count} question{(lines.Count == 1 ? "" : "s")} from {records.Count} verdict{(records.Count == 1 ? "" : "s")} ({left} left out: thumbs down or repeated).");
                }

                return ExitCodes.Success;
            });
        });

        return new Command("feedback", "Turn readers' thumbs up and down from the browser page into a golden set for `docent eval qa --golden`.") { export };
    }
}
