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
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each times every query on Docent, then on Lucene.NET (with --cold: timed cold searches, each a new process).", DefaultValueFactory = _ => defaults.Rounds, HelpName = "N" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic documents and queries.", DefaultValueFactory = _ => defaults.Seed };
        var sciFact = new Option<string?>("--scifact")
        {
            Description = "Measure BEIR SciFact (a folder with corpus.jsonl and queries.jsonl) instead of the synthetic corpus; nothing is downloaded.",
            HelpName = "DIR",
        };
        var cold = new Option<bool>("--cold")
        {
            Description = "Instead of the in-process comparison, time one-off `docent search --no-embeddings` processes on a real data folder of --docs synthetic chunks (each run a new process and another query; --rounds runs, default 5), against `docent --version` as the start-up floor, and the heap and working set that opening the folder adds. Needs --data-root.",
        };
        var dataRoot = new Option<string?>("--data-root")
        {
            Description = "With --cold: where the synthetic data folders are built (one per --docs and --seed, e.g. DIR/zipf-100000-seed42) and kept, so later runs reuse them.",
            HelpName = "DIR",
        };
        var hidden = new Option<int>("--hidden-percent")
        {
            Description = "Make Docent search as a caller who may not read this percent of the documents (0–99; default 0): each search leaves them out of its top 10 and scores with the rest's figures, which is what document access lists cost. Lucene still searches all of them, so the top-10 agreement falls.",
            HelpName = "P",
        };
        var command = new Command("lexical", $"""
            Build Docent's lexical index (Bm25Index, default analysis and BM25 settings, saved and loaded back) and a Lucene.NET 4.8 index (EnglishAnalyzer, BM25 with the same k1 and b, memory-mapped, one segment) over the same documents, then time every query's top {LexicalIndexBenchmark.Top} on one thread in interleaved rounds (Docent, Lucene, Docent, Lucene, …) after one untimed pass of each. Reports build time, size on disk, managed heap after opening, queries per second and p50/p99 latency (median over rounds, lowest–highest), and how far the two top {LexicalIndexBenchmark.Top}s agree (a rough check: the analyzers differ).

            The synthetic corpus has {ZipfCorpus.MinWords}–{ZipfCorpus.MaxWords} words a document drawn from a Zipf distribution (s = {ZipfCorpus.Exponent}) over {ZipfCorpus.DefaultVocabulary:N0} generated pseudo-words; queries have 2–4 words from the same distribution, skipping the {ZipfCorpus.SkippedTopWords} most frequent.

            With --cold, the same synthetic documents are stored as the chunks of a data folder (built once through the store and the lexical index, kept under --data-root) and `docent search` is timed as people run it: a new process each time.

            Examples:
              docent bench lexical
              docent bench lexical --docs 100000 --rounds 5
              docent bench lexical --scifact ../shared/data/scifact/beir --json
              docent bench lexical --cold --docs 100000 --data-root /tmp/dcold
              docent bench lexical --docs 100000 --hidden-percent 50
            """)
        {
            docs, queries, rounds, seed, sciFact, cold, dataRoot, hidden,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var progress = new Output.SynchronousProgress<string>(line => Console.Error.WriteLine(line));
                if (parse.GetValue(cold))
                {
                    if (parse.GetValue(sciFact) is not null)
                    {
                        return CommandRunner.Fail(json, "--cold measures the synthetic corpus only; leave out --scifact.");
                    }

                    var coldOptions = new ColdSearchOptions
                    {
                        DataRoot = parse.GetValue(dataRoot),
                        Documents = parse.GetValue(docs),
                        Runs = parse.GetValue(rounds),
                        Seed = parse.GetValue(seed),
                    };
                    var coldResult = await ColdSearchBenchmark.RunAsync(coldOptions, DocentLauncher.ForThisProcess(), json ? null : progress, cancellationToken);
                    if (json)
                    {
                        CommandRunner.WriteJson(coldResult, LexicalBenchmarkJson.Default.ColdSearchResult);
                    }
                    else
                    {
                        WriteHuman(coldResult);
                    }

                    return ExitCodes.Success;
                }

                if (parse.GetValue(dataRoot) is not null)
                {
                    return CommandRunner.Fail(json, "--data-root is for --cold only (the in-process comparison works in a temporary folder).");
                }

                var options = new LexicalBenchmarkOptions
                {
                    Documents = parse.GetValue(docs),
                    Queries = parse.GetValue(queries),
                    Rounds = parse.GetValue(rounds),
                    Seed = parse.GetValue(seed),
                    SciFactDirectory = parse.GetValue(sciFact),
                    HiddenPercent = parse.GetValue(hidden),
                };
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

    private static void WriteHuman(ColdSearchResult result)
    {
        var folder = result.Folder;
        string built = folder.Created
            ? string.Create(CultureInfo.InvariantCulture, $"built now: chunks stored in {folder.StoreSeconds:F1} s, lexical index built and saved in {folder.IndexSeconds:F1} s")
            : string.Create(CultureInfo.InvariantCulture, $"reused; lexical index loaded and saved again in {folder.IndexSeconds:F1} s");
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"synthetic Zipf (seed {result.Seed}, {result.Vocabulary:N0} words): {result.Documents:N0} chunks in {folder.DataDirectory} ({built}); {Mib(folder.DiskBytes)} MiB on disk, lexical.idx {Mib(folder.IndexBytes)} MiB")));
        var table = new Table().AddColumns("", "median", "lowest", "highest");
        void Row(string name, LexicalSpread spread) => table.AddRow(
            Markup.Escape(name), Ms(spread.Median), Ms(spread.Lowest), Ms(spread.Highest));
        Row("cold search, wall ms", result.SearchMilliseconds);
        Row("  of which searching (elapsedMs)", result.SearchElapsedMilliseconds);
        Row("start-up floor (--version), wall ms", result.FloorMilliseconds);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{result.Runs} run(s) of each, interleaved, after one untimed search ({result.FirstSearchMilliseconds:F0} ms); {result.QueriesWithResults} of {result.Runs} queries found passages.")));
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"opened in process in {result.OpenMilliseconds:F0} ms: managed heap +{Mib(result.HeapBytesAfterOpen)} MiB, working set +{Mib(result.WorkingSetBytesAfterOpen)} MiB")));
        AnsiConsole.MarkupLine($"[grey]search: {Markup.Escape(result.SearchCommand)}[/]");
        AnsiConsole.MarkupLine($"[grey]floor: {Markup.Escape(result.FloorCommand)}[/]");

        static string Ms(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
    }

    private static string Spread(LexicalSpread spread, string format) => string.Create(CultureInfo.InvariantCulture,
        $"{spread.Median.ToString(format, CultureInfo.InvariantCulture)} ({spread.Lowest.ToString(format, CultureInfo.InvariantCulture)}–{spread.Highest.ToString(format, CultureInfo.InvariantCulture)})");

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);
}
