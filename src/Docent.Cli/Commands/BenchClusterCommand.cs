using System.CommandLine;
using System.Globalization;
using Docent.Benchmarks.Cluster;
using Docent.Benchmarks.Lexical;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent bench cluster`: 1, 2 and 4 silos of `docent serve --cluster` as separate processes on loopback, the same documents and load on each.</summary>
internal static class BenchClusterCommand
{
    public static Command Create(GlobalOptions global)
    {
        var defaults = new ClusterBenchmarkOptions();
        var silos = new Option<string>("--silos") { Description = "Cluster sizes to measure, comma-separated; 0 is the embedded baseline (plain `docent serve`, no cluster).", DefaultValueFactory = _ => string.Join(',', defaults.Silos), HelpName = "LIST" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each runs every size afresh, sizes interleaved.", DefaultValueFactory = _ => defaults.Rounds, HelpName = "N" };
        var shards = new Option<int>("--shards") { Description = "Shards of the collection (the same for every size).", DefaultValueFactory = _ => defaults.Shards, HelpName = "N" };
        var docs = new Option<int>("--docs") { Description = "Synthetic documents uploaded (Zipf words, 50–250 a document).", DefaultValueFactory = _ => defaults.Documents, HelpName = "N" };
        var requests = new Option<int>("--requests") { Description = "Timed search requests per size and round.", DefaultValueFactory = _ => defaults.Requests, HelpName = "N" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight, spread over the silos.", DefaultValueFactory = _ => defaults.Concurrency, HelpName = "N" };
        var work = new Option<string?>("--work") { Description = "Where documents, data folders and shards go (default: a temporary folder, removed after).", HelpName = "DIR" };
        var command = new Command("cluster", """
            Measure scale-out on this machine: for each cluster size, start that many `docent serve --cluster localhost` processes (lexical retrieval, the same shard count), upload the same synthetic documents through every silo in turn, then run search requests at a fixed concurrency spread over the silos. Reports ingest documents/s, q/s, p50 and p99 latency, resident memory per silo and disk per shard, as the median over rounds with the lowest and highest. Every silo and the load generator share this machine's processors: on a small machine more silos add coordination, not capacity; the per-shard figures are what docs/scaling.md projects from.

            Examples:
              docent bench cluster
              docent bench cluster --silos 0,1,2,4 --docs 20000 --rounds 3 --json
            """)
        {
            silos, rounds, shards, docs, requests, concurrency, work,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                int[] sizes;
                try
                {
                    sizes = [.. parse.GetValue(silos)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                }
                catch (FormatException)
                {
                    return CommandRunner.Fail(json, "--silos takes cluster sizes separated by commas, e.g. 1,2,4.");
                }

                var options = new ClusterBenchmarkOptions
                {
                    Silos = sizes,
                    Rounds = parse.GetValue(rounds),
                    Shards = parse.GetValue(shards),
                    Documents = parse.GetValue(docs),
                    Requests = parse.GetValue(requests),
                    Concurrency = parse.GetValue(concurrency),
                    WorkDirectory = parse.GetValue(work),
                };
                var progress = new Output.SynchronousProgress<string>(line => Console.Error.WriteLine(line));
                var result = await ClusterScaleBenchmark.RunAsync(options, DocentLauncher.ForThisProcess(), progress, cancellationToken);
                if (json)
                {
                    CommandRunner.WriteJson(result, ClusterBenchmarkJson.Default.ClusterBenchmarkResult);
                }
                else
                {
                    WriteHuman(result);
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }

    private static void WriteHuman(ClusterBenchmarkResult result)
    {
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{result.Documents:N0} documents ({result.Chunks:N0} chunks) in {result.Shards} shards; {result.Requests:N0} searches at concurrency {result.Concurrency}; {result.Rounds} round(s); {result.ProcessorCount} processors shared by every silo and the load")));
        var table = new Table().AddColumns("silos", "ingest docs/s", "q/s", "p50 ms", "p99 ms", "RSS MB / silo", "disk MB / shard", "failed");
        foreach (var size in result.Sizes)
        {
            table.AddRow(
                size.Silos == 0 ? "embedded" : size.Silos.ToString(CultureInfo.InvariantCulture), Spread(size.IngestDocumentsPerSecond, "F0"), Spread(size.QueriesPerSecond, "F0"),
                Spread(size.P50Milliseconds, "F1"), Spread(size.P99Milliseconds, "F1"), Spread(size.ResidentMegabytesPerSilo, "F0"), Spread(size.ShardDiskMegabytes, "F1"),
                size.PartialAnswers.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]silo command: {Markup.Escape(result.Command)}[/]");
    }

    private static string Spread(LexicalSpread spread, string format) => Markup.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{spread.Median.ToString(format, CultureInfo.InvariantCulture)} ({spread.Lowest.ToString(format, CultureInfo.InvariantCulture)}–{spread.Highest.ToString(format, CultureInfo.InvariantCulture)})"));
}
