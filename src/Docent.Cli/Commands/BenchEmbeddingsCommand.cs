using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Docent.Benchmarks.Embeddings;
using Docent.Models;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>
/// `docent bench embeddings`: passage throughput (chunks/s at about 256 tokens) and warm single-query latency of one or
/// more embedding models, measured in turn round after round (A B A B …) so that a busy machine affects each alike.
/// </summary>
internal static class BenchEmbeddingsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var models = new Option<string[]>("--model")
        {
            Description = "embedding.path to measure; repeat to compare (measured in turn each round).",
            DefaultValueFactory = _ => ["builtin:minilm", "builtin:minilm-static"],
            HelpName = "PATH",
            AllowMultipleArgumentsPerToken = true,
        };
        var corpus = new Option<string[]>("--corpus")
        {
            Description = "Files or folders of text (.txt, .md, .html, BEIR corpus.jsonl) cut into 180-word passages.",
            DefaultValueFactory = _ => ["samples/handbook"],
            HelpName = "PATH",
        };
        var count = new Option<int>("--count") { Description = "Passages embedded per round.", DefaultValueFactory = _ => 128 };
        var batch = new Option<int>("--batch") { Description = "Passages per call (embedding.batchSize).", DefaultValueFactory = _ => 32 };
        var queries = new Option<int>("--queries") { Description = "Single queries timed per round.", DefaultValueFactory = _ => 100 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each measures every model once, in turn.", DefaultValueFactory = _ => 3 };
        var command = new Command("embeddings", """
            Measure embedding models as ingest and search use them: --count passages of 180 words (about 256 WordPiece tokens) in batches of --batch after one untimed batch, then --queries single short questions, warm. Every model is loaded and measured once per round, in turn (A B A B …); the summary gives each model's median over rounds and the spread (lowest–highest).

            Examples:
              docent bench embeddings
              docent bench embeddings --model builtin:minilm --corpus ../shared/data/scifact/beir/corpus.jsonl --rounds 5
            """)
        {
            models, corpus, count, batch, queries, rounds,
        };

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.GetValue(global.Json), async () =>
        {
            var passages = EmbeddingBenchmark.LoadPassages(parse.GetValue(corpus) ?? [], parse.GetValue(count));
            var names = parse.GetValue(models) ?? [];
            var results = new List<(EmbeddingMeasurement Measurement, double LoadSeconds)>();
            var progress = new Output.SynchronousProgress<string>(line => Console.Error.WriteLine(line));
            for (var round = 1; round <= parse.GetValue(rounds); round++)
            {
                foreach (var name in names)
                {
                    var clock = Stopwatch.StartNew();
                    using var generator = CliServices.LocalModels.CreateEmbeddingGenerator(
                        new EmbeddingModelSettings { Path = name, BatchSize = parse.GetValue(batch) })
                        ?? throw new ArgumentException($"--model \"{name}\" is not a model this program runs in-process.");
                    var load = clock.Elapsed.TotalSeconds;
                    var measurement = await EmbeddingBenchmark.MeasureAsync(name, generator, passages, parse.GetValue(batch), parse.GetValue(queries), cancellationToken);
                    results.Add((measurement, load));
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round} {name}: load {load:F2} s, {measurement.ChunksPerSecond:F1} chunks/s ({measurement.TokensPerChunk:F0} tokens each), query p50 {measurement.QueryP50Milliseconds:F3} ms, p95 {measurement.QueryP95Milliseconds:F3} ms"));
                }
            }

            var table = new Table().AddColumns("model", "load s", "chunks/s (spread)", "tokens/chunk", "query p50 ms (spread)", "query p95 ms");
            foreach (var name in names)
            {
                var mine = results.Where(r => r.Measurement.Model == name).ToList();
                string Median(Func<EmbeddingMeasurement, double> pick, string format)
                {
                    var values = mine.Select(r => pick(r.Measurement)).Order().ToList();
                    return string.Create(CultureInfo.InvariantCulture, $"{EmbeddingBenchmark.Percentile(values, 0.5).ToString(format, CultureInfo.InvariantCulture)} ({values[0].ToString(format, CultureInfo.InvariantCulture)}–{values[^1].ToString(format, CultureInfo.InvariantCulture)})");
                }

                table.AddRow(
                    Markup.Escape(name),
                    EmbeddingBenchmark.Percentile(mine.Select(r => r.LoadSeconds).Order().ToList(), 0.5).ToString("F2", CultureInfo.InvariantCulture),
                    Median(m => m.ChunksPerSecond, "F1"),
                    mine[0].Measurement.TokensPerChunk.ToString("F0", CultureInfo.InvariantCulture),
                    Median(m => m.QueryP50Milliseconds, "F3"),
                    Median(m => m.QueryP95Milliseconds, "F3"));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }));

        return command;
    }
}
