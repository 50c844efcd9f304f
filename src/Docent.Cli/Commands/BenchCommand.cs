using System.CommandLine;
using System.Globalization;
using Docent.Benchmarks.Vectors;
using Docent.Cli.Output;
using Docent.Vectors;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent bench vectors`: speed and recall of the vector indexes on synthetic clustered data; `docent bench generation` (<see cref="BenchGenerationCommand"/>); `docent bench embeddings` (<see cref="BenchEmbeddingsCommand"/>); `docent bench lexical` (<see cref="BenchLexicalCommand"/>).</summary>
internal static class BenchCommand
{
    public static Command Create(GlobalOptions global) => new("bench", "Measure Docent's components on synthetic data.")
    {
        CreateVectors(global),
        BenchGenerationCommand.Create(global),
        BenchEmbeddingsCommand.Create(global),
        BenchLexicalCommand.Create(global),
    };

    private static Command CreateVectors(GlobalOptions global)
    {
        var defaults = new VectorBenchmarkOptions();
        var count = new Option<int>("--count") { Description = "Vectors in the data set.", DefaultValueFactory = _ => defaults.Count, HelpName = "N" };
        var dim = new Option<int>("--dim") { Description = "Components per vector.", DefaultValueFactory = _ => defaults.Dimension, HelpName = "D" };
        var queries = new Option<int>("--queries") { Description = "Query vectors (same distribution, not in the data set).", DefaultValueFactory = _ => defaults.Queries, HelpName = "Q" };
        var m = new Option<int>("--m") { Description = "HNSW M: neighbours per node (2M on level 0).", DefaultValueFactory = _ => defaults.M };
        var efConstruction = new Option<int>("--ef-construction") { Description = "HNSW efConstruction: candidates while inserting.", DefaultValueFactory = _ => defaults.EfConstruction };
        var ef = new Option<string>("--ef") { Description = "Search breadths to measure, comma-separated.", DefaultValueFactory = _ => string.Join(',', defaults.SearchBreadths), HelpName = "LIST" };
        var metric = new Option<string>("--metric") { Description = "cosine, dot or l2.", DefaultValueFactory = _ => "cosine" };
        var quantization = new Option<string>("--quantization") { Description = "none, int8, or both (builds one index of each).", DefaultValueFactory = _ => "none" };
        var threads = new Option<int>("--threads") { Description = "Threads for building and the exact ground truth; queries are timed on one thread.", DefaultValueFactory = _ => defaults.Threads };
        var saveData = new Option<string?>("--save-data")
        {
            Description = "Also write the vectors, queries, keys and exact top 10 as raw little-endian files (vectors.f32, queries.f32, keys.i64, truth.i64), to measure other libraries on the same data.",
            HelpName = "DIR",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the data, queries and HNSW levels.", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("vectors", """
            Build the exact (flat) and HNSW vector indexes on synthetic clustered vectors (a Gaussian mixture with √N clusters of low intrinsic dimension), then report build time, memory, and for each search breadth (ef) recall@10 against the exact top 10 and queries per second on one thread, beside the flat index's speed.

            Examples:
              docent bench vectors --count 20000 --dim 128
              docent bench vectors --count 100000 --dim 384 --quantization both --json
              docent bench vectors --save-data ./vectors-100k   # then: python3 bench/vectors/hnswlib_compare.py ./vectors-100k
            """)
        {
            count, dim, queries, m, efConstruction, ef, metric, quantization, threads, seed, saveData,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var options = new VectorBenchmarkOptions
                {
                    Count = parse.GetValue(count),
                    Dimension = parse.GetValue(dim),
                    Queries = parse.GetValue(queries),
                    M = parse.GetValue(m),
                    EfConstruction = parse.GetValue(efConstruction),
                    SearchBreadths = ParseBreadths(parse.GetValue(ef) ?? ""),
                    Metric = ParseMetric(parse.GetValue(metric) ?? ""),
                    Quantizations = ParseQuantizations(parse.GetValue(quantization) ?? ""),
                    Threads = parse.GetValue(threads),
                    Seed = parse.GetValue(seed),
                    DataDirectory = parse.GetValue(saveData),
                };
                IProgress<string>? progress = json ? null : new SynchronousProgress<string>(line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
                var result = await Task.Run(() => VectorIndexBenchmark.Run(options, progress, cancellationToken), cancellationToken);
                var output = ToJson(options, result);
                if (json)
                {
                    CommandRunner.WriteJson(output, CliJson.Default.BenchVectorsJson);
                }
                else
                {
                    WriteHuman(output);
                }

                return ExitCodes.Success;
            });
        });

        return command;
    }

    private static int[] ParseBreadths(string text)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value is < 1 or > 100_000)
            {
                throw new ArgumentException($"--ef: '{part}' is not a search breadth between 1 and 100000.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? [.. values] : throw new ArgumentException("--ef needs at least one value, e.g. 16,32,64.");
    }

    private static VectorMetric ParseMetric(string text) => text.ToLowerInvariant() switch
    {
        "cosine" => VectorMetric.Cosine,
        "dot" => VectorMetric.Dot,
        "l2" => VectorMetric.L2,
        _ => throw new ArgumentException($"--metric: '{text}' is not one of cosine, dot, l2."),
    };

    private static VectorQuantization[] ParseQuantizations(string text) => text.ToLowerInvariant() switch
    {
        "none" => [VectorQuantization.None],
        "int8" => [VectorQuantization.Int8],
        "both" => [VectorQuantization.None, VectorQuantization.Int8],
        _ => throw new ArgumentException($"--quantization: '{text}' is not one of none, int8, both."),
    };

    private static BenchVectorsJson ToJson(VectorBenchmarkOptions options, VectorBenchmarkResult result)
    {
        var plain = result.Runs.FirstOrDefault(r => r.Quantization == VectorQuantization.None);
        var int8 = result.Runs.FirstOrDefault(r => r.Quantization == VectorQuantization.Int8);
        var any = plain ?? int8!;
        long floatBytes = (long)options.Count * options.Dimension * sizeof(float);
        long? int8Bytes = int8?.Memory.QuantizedVectorBytes;
        var memory = new BenchMemoryJson(
            plain?.Memory.FloatVectorBytes, int8Bytes, int8Bytes is { } bytes ? Math.Round((double)bytes / floatBytes, 4) : null,
            int8?.Memory.FloatVectorBytes, int8?.Memory.MappedFloatVectorBytes, any.Memory.GraphBytes, any.Memory.KeyBytes, result.FlatMemory.TotalBytes);
        return new BenchVectorsJson(
            options.Count, options.Dimension, options.Queries, options.Metric.ToString().ToLowerInvariant(), options.M, options.EfConstruction,
            options.Threads, options.Seed, result.Clusters, VectorIndexBenchmark.Top,
            Round(result.GenerateSeconds), Round(result.GroundTruthSeconds), Math.Round(result.FlatQueriesPerSecond, 1), result.FlatQueriesTimed,
            plain is null ? null : Round(plain.BuildSeconds), int8 is null ? null : Round(int8.BuildSeconds), memory,
            Points(plain), Points(int8));
    }

    private static List<BenchPointJson> Points(VectorBenchmarkRun? run) =>
        run?.Points.Select(p => new BenchPointJson(p.SearchBreadth, Math.Round(p.RecallAt10, 4), Math.Round(p.QueriesPerSecond, 1), p.QueriesTimed)).ToList() ?? [];

    private static double Round(double seconds) => Math.Round(seconds, 3);

    private static void WriteHuman(BenchVectorsJson result)
    {
        AnsiConsole.MarkupLine($"[bold]{result.Count:N0} × {result.Dim}[/] clustered vectors ({result.Clusters} clusters, {result.Metric}), {result.Queries:N0} queries, M {result.M}, efConstruction {result.EfConstruction}, {result.Threads} build thread(s)");
        var table = new Table().AddColumns("index", "ef", "recall@10", "q/s (1 thread)", "build s");
        table.AddRow("flat (exact)", "—", "1.000", result.FlatQps.ToString("N0", CultureInfo.InvariantCulture), "—");
        AddRows(table, "HNSW", result.Hnsw, result.BuildSeconds);
        AddRows(table, "HNSW int8", result.Int8, result.Int8BuildSeconds);
        AnsiConsole.Write(table);

        var memory = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
        if (result.Memory.Float32VectorBytes is { } floats)
        {
            memory.AddRow("float32 vectors (HNSW, heap)", Mib(floats));
        }

        if (result.Memory.Int8VectorBytes is { } int8)
        {
            memory.AddRow("int8 vectors (HNSW int8, heap)", $"{Mib(int8)} ({result.Memory.Int8ToFloat32Ratio:0.000} × float32)");
            memory.AddRow("float32 vectors (HNSW int8, memory-mapped file)", Mib(result.Memory.Int8MappedFloat32Bytes ?? 0));
        }

        memory.AddRow("graph", Mib(result.Memory.GraphBytes));
        memory.AddRow("keys", Mib(result.Memory.KeyBytes));
        AnsiConsole.Write(memory);
        if (result.Memory.Int8VectorBytes is not null)
        {
            AnsiConsole.MarkupLine("[grey]The int8 index is measured after a save and a load: float32 vectors stay in the file, mapped, and only re-rank the final candidates.[/]");
        }
    }

    private static void AddRows(Table table, string name, IReadOnlyList<BenchPointJson> points, double? buildSeconds)
    {
        for (int i = 0; i < points.Count; i++)
        {
            var point = points[i];
            table.AddRow(
                i == 0 ? name : "", point.Ef.ToString(CultureInfo.InvariantCulture), point.RecallAt10.ToString("0.000", CultureInfo.InvariantCulture),
                point.Qps.ToString("N0", CultureInfo.InvariantCulture), i == 0 && buildSeconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "");
        }
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MiB";
}
