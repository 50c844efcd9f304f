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
                var folder = await DataFolder.OpenAsync(global.ToDocentOptions(parse), CliServices.Create(), cancellationToken);
                var stats = await folder.Store.GetStatisticsAsync(cancellationToken);
                var indexFile = new FileInfo(folder.Synchronizer.IndexPath);
                var vectors = folder.Indexes.Vectors is { } v
                    ? new VectorStatsJson(v.ModelId, v.Dimension, v.Count, FileLength(folder.Indexes.VectorSynchronizer!.IndexPath))
                    : null;
                var result = new StatsJson(
                    folder.Store.DataDirectory, stats.Documents, stats.Chunks, stats.DatabaseBytes,
                    indexFile.Exists ? indexFile.Length : 0, folder.Index.Count, folder.Analyzer.Name,
                    vectors, folder.Options.Settings.EffectiveMode.ToString().ToLowerInvariant(), folder.ChatClient is null ? null : folder.Options.Settings.Chat.Model);
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

    private static long FileLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
