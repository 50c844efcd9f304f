using System.CommandLine;
using System.Globalization;
using Docent.Benchmarks.Lexical;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>
/// `docent bench lexical`: Docent's lexical (BM25) index against Lucene.NET 4.8 in the same process, on a synthetic
/// Zipf corpus or BEIR SciFact, measured in interleaved rounds on one thread.
/// </summary>
internal static class BenchLexicalCommand
{
    public static Command Create(GlobalOptions global)
    {
        var defaults = new LexicalBenchmarkOptions();
        var docs = new Option<int>("--docs") { Description = "Synthetic documents (e.g. 10000, 100000, 1000000).", DefaultValueFactory = _ => defaults.Documents, HelpName = "N" };
        var queries = new Option<int>("--queries") { Description = "Queries timed per round (SciFact: its first N claims).", DefaultValueFactory = _ => defaults.Queries, HelpName = "N" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each times every query on Docent, then on Lucene.NET.", DefaultValueFactory = _ => defaults.Rounds, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic documents and queries.", DefaultValueFactory = _ => defaults.Seed };
        var sciFact = new Option<string?>("--scifact")
        {
            Description = "Measure BEIR SciFact (a folder with corpus.jsonl and queries.jsonl) instead of the synthetic corpus; nothing is downloaded.",
            HelpName = "DIR",
        };
        var command = new Command("lexical", $"""
            Build Docent's lexical index (Bm25Index, default analysis and BM25 settings, saved and loaded back) and a Lucene.NET 4.8 index (EnglishAnalyzer, BM25 with the same k1 and b, memory-mapped, one segment) over the same documents, then time every query's top {LexicalIndexBenchmark.Top} on one thread in interleaved rounds (Docent, Lucene, Docent, Lucene, …) after one untimed pass of each. Reports build time, size on disk, managed heap after opening, queries per second and p50/p99 latency (median over rounds, lowest–highest), and how far the two top {LexicalIndexBenchmark.Top}s agree (a rough check: the analyzers differ).

            The synthetic corpus has {ZipfCorpus.MinWords}–{ZipfCorpus.MaxWords} words a document drawn from a Zipf distribution (s = {ZipfCorpus.Exponent}) over {ZipfCorpus.DefaultVocabulary:N0} generated pseudo-words; queries have 2–4 words from the same distribution, skipping the {ZipfCorpus.SkippedTopWords} most frequent.

            Examples:
              docent bench lexical
              docent bench lexical --docs 100000 --rounds 5
              docent bench lexical --scifact ../shared/data/scifact/beir --json
            """)
        {
            docs, queries, rounds, seed, sciFact,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var options = new LexicalBenchmarkOptions
                {
                    Documents = parse.GetValue(docs),
                    Queries = parse.GetValue(queries),
                    Rounds = parse.GetValue(rounds),
                    Seed = parse.GetValue(seed),
                    SciFactDirectory = parse.GetValue(sciFact),
                };
                var progress = new Output.SynchronousProgress<string>(line => Console.Error.WriteLine(line));
                var result = await Task.Run(() => LexicalIndexBenchmark.Run(options, json ? null : progress, cancellationToken), cancellationToken);
                if (json)
                {
                    CommandRunner.WriteJson(result, LexicalBenchmarkJson.Default.LexicalBenchmarkResult);
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

    private static void WriteHuman(LexicalBenchmarkResult result)
    {
        string corpus = result.Corpus == "zipf"
            ? string.Create(CultureInfo.InvariantCulture, $"synthetic Zipf (seed {result.Seed}, {result.Vocabulary:N0} words)")
            : "SciFact";
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{corpus}: {result.Documents:N0} documents ({result.AverageWords:F0} words on average), {result.Queries:N0} queries, top {result.Top}, {result.Rounds} round(s), BM25 k1 {result.K1}, b {result.B}")));
        var table = new Table().AddColumns("", "Docent", "Lucene.NET");
        void Row(string name, Func<LexicalEngineResult, string> cell) => table.AddRow(name, Markup.Escape(cell(result.Docent)), Markup.Escape(cell(result.Lucene)));
        Row("q/s, 1 thread (spread)", e => Spread(e.QueriesPerSecond, "N0"));
        Row("p50 ms (spread)", e => Spread(e.P50Milliseconds, "F3"));
        Row("p99 ms (spread)", e => Spread(e.P99Milliseconds, "F3"));
        Row("build s", e => e.BuildSeconds.ToString("F1", CultureInfo.InvariantCulture));
        Row("disk MiB", e => Mib(e.DiskBytes));
        Row("open s", e => e.OpenSeconds.ToString("F2", CultureInfo.InvariantCulture));
        Row("heap after open MiB", e => Mib(e.HeapBytesAfterOpen));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"top-{result.Top} overlap: {result.OverlapAt10:P1} (the analyzers differ: a rough agreement, not a target)")));
        AnsiConsole.MarkupLine($"[grey]Docent: {Markup.Escape(result.Docent.Settings)}[/]");
        AnsiConsole.MarkupLine($"[grey]Lucene: {Markup.Escape(result.Lucene.Settings)}[/]");
    }

    private static string Spread(LexicalSpread spread, string format) => string.Create(CultureInfo.InvariantCulture,
        $"{spread.Median.ToString(format, CultureInfo.InvariantCulture)} ({spread.Lowest.ToString(format, CultureInfo.InvariantCulture)}–{spread.Highest.ToString(format, CultureInfo.InvariantCulture)})");

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);
}
