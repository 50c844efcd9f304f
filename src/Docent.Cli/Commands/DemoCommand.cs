using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;
using Docent.Ingestion;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>
/// `docent demo`: ingests the bundled sample handbook into a scratch data folder and asks it the sample
/// questions, showing the whole slice working with no set-up.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The file in samples/ (beside samples/handbook/) that lists the demo questions, one per line.</summary>
    public const string QuestionsFileName = "demo-questions.txt";

    /// <summary>How the bundled handbook's documents are cited: "samples/handbook/leave-policy.docx", wherever the tool is installed.</summary>
    public const string BundledDisplayName = "samples/handbook";

    public static Command Create(GlobalOptions global)
    {
        var samples = new Option<string?>("--samples") { Description = "Folder of documents to use instead of the bundled samples.", HelpName = "DIR" };
        var command = new Command("demo", """
            Ingest the bundled sample handbook (Markdown, HTML, text, PDF, DOCX) into a scratch data folder (or --data) and ask it a few questions, printing cited answers.

            Example:
              docent demo
            """)
        {
            samples,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var bundled = FindSamples();
                var chosen = parse.GetValue(samples);
                var directory = chosen ?? (bundled is null ? null : Path.Combine(bundled, "handbook"));
                if (directory is null || !Directory.Exists(directory))
                {
                    return CommandRunner.Fail(json, "The sample documents were not found; pass --samples DIR.");
                }

                var data = parse.GetValue(global.Data) ?? Path.Combine(Path.GetTempPath(), "docent-demo");
                var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = data }, CliServices.Create(), cancellationToken);
                await RemoveOtherSamplesAsync(folder, directory, cancellationToken);
                var report = await IngestCommand.RunAsync(folder, [directory], new IngestOptions
                {
                    Prune = true,

                    // Cited as people know the handbook, not by where the build or the tool store happens to keep it.
                    DisplaySource = chosen is null ? BundledDisplayName : null,
                }, json, verbose: false, cancellationToken);
                var questions = ReadQuestions(chosen ?? bundled!);
                var answers = new List<AskJson>();
                if (!json)
                {
                    AnsiConsole.MarkupLine($"[bold]Docent demo[/] — data folder [blue]{Markup.Escape(DisplayPath.Escape(folder.DataDirectory))}[/]");
                    HumanOutput.WriteIngestReport(report);
                }

                foreach (var question in questions)
                {
                    var answer = await AskCommand.AskAsync(folder, question, AskCommand.DefaultContextChunks, cancellationToken);
                    answers.Add(answer);
                    if (!json)
                    {
                        AnsiConsole.WriteLine();
                        AnsiConsole.MarkupLine($"[bold yellow]Q:[/] {Markup.Escape(question)}");
                        HumanOutput.WriteAnswer(answer);
                    }
                }

                if (json)
                {
                    CommandRunner.WriteJson(new DemoJson(folder.DataDirectory, JsonMapper.ToJson(report), answers), CliJson.Default.DemoJson);
                }

                return report.Failed.Count > 0 ? ExitCodes.PartialFailure : ExitCodes.Success;
            });
        });

        return command;
    }

    /// <summary>
    /// The demo's folder is shared by every copy of the tool (a build, an install, an upgrade in another store path) and
    /// holds one copy of the samples: documents ingested from another samples folder are removed first, so answers never
    /// cite an older install's copy or quote the same passage twice.
    /// </summary>
    private static async Task RemoveOtherSamplesAsync(DataFolder folder, string directory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var document in await folder.Documents.ListDocumentsAsync(cancellationToken))
        {
            if (!document.Source.StartsWith(root, StringComparison.Ordinal))
            {
                await folder.RemoveDocumentAsync(document.Id, cancellationToken);
            }
        }
    }

    /// <summary>The bundled samples: copied beside the executable, or found above the working folder in a source checkout.</summary>
    private static string? FindSamples()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "samples");
                if (File.Exists(Path.Combine(candidate, QuestionsFileName)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static List<string> ReadQuestions(string directory)
    {
        var file = Path.Combine(directory, QuestionsFileName);
        return File.Exists(file)
            ? File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
            : [];
    }
}
