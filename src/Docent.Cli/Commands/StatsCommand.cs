using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;

namespace Docent.Cli.Commands;

/// <summary>`docent stats`: what the data folder holds and how big it is.</summary>
internal static class StatsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("stats", "Show the data folder's documents, chunks and sizes.");
        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var folder = await DataFolder.OpenAsync(global.ToDocentOptions(parse), cancellationToken: cancellationToken);
                var stats = await folder.Store.GetStatisticsAsync(cancellationToken);
                var indexFile = new FileInfo(folder.Synchronizer.IndexPath);
                var result = new StatsJson(
                    folder.Store.DataDirectory, stats.Documents, stats.Chunks, stats.DatabaseBytes,
                    indexFile.Exists ? indexFile.Length : 0, folder.Index.Count, folder.Analyzer.Name);
                if (json)
                {
                    CommandRunner.WriteJson(result, CliJson.Default.StatsJson);
                }
                else
                {
                    HumanOutput.WriteStats(result);
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }
}
