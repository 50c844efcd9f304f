using System.CommandLine;
using Docent.Cli.Output;
using Docent.Hosting;

namespace Docent.Cli.Commands;

/// <summary>`docent stats`: what the data folder holds and how big it is.</summary>
internal static class StatsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("stats", "Show the data folder's documents, chunks and sizes, the embedding model and how many chunks it has embedded, the retrieval mode and the answer model.");
        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var folder = await ReadOnlyFolder.OpenAsync(global.ToDocentOptions(parse), requireDocuments: false, cancellationToken);
                var stats = await folder.GetStatisticsAsync(cancellationToken);
                var vectors = stats.Vectors is { } v ? new VectorStatsJson(v.ModelId, v.Dimension, v.Count, v.FileBytes, v.Pending, Math.Round(v.Coverage, 4)) : null;
                var result = new StatsJson(
                    stats.DataDirectory, stats.Store.Documents, stats.Store.Chunks, stats.Store.DatabaseBytes,
                    stats.LexicalIndexBytes, stats.LexicalIndexChunks, stats.Analyzer,
                    vectors, stats.Mode.ToString().ToLowerInvariant(), stats.ChatModel,
                    stats.Languages.ToDictionary(l => l.Language, l => l.Chunks, StringComparer.Ordinal), stats.LexicalOnlyLanguages);
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
