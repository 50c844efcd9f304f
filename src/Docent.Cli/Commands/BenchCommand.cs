using System.CommandLine;
using System.Globalization;
using Docent.Benchmarks.Vectors;
using Docent.Cli.Output;
using Docent.Vectors;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>`docent bench vectors`: speed and recall of the vector indexes on synthetic clustered data; `docent bench generation` (<see cref="BenchGenerationCommand"/>); `docent bench embeddings` (<see cref="BenchEmbeddingsCommand"/>); `docent bench lexical` (<see cref="BenchLexicalCommand"/>); `docent bench cluster` (<see cref="BenchClusterCommand"/>); `docent bench ocr` (<see cref="BenchOcrCommand"/>).</summary>
internal static class BenchCommand
{
    public static Command Create(GlobalOptions global) => new("bench", "Measure Docent's components on synthetic data.")
    {
        CreateVectors(global),
        BenchGenerationCommand.Create(global),
        BenchEmbeddingsCommand.Create(global),
        BenchLexicalCommand.Create(global),
        BenchClusterCommand.Create(global),
        BenchOcrCommand.Create(global),
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
        var saveIndex = new Option<string?>("--save-index") { Description = "Also save the float32 HNSW index to this file, for a later --load-index run.", HelpName = "FILE" };
        var loadIndex = new Option<string?>("--load-index")
        {
            Description = "Query-only mode: load this saved index (from --save-index) instead of building one, and time it on the queries of --data.",
            HelpName = "FILE",
        };
        var data = new Option<string?>("--data") { Description = "With --load-index: the folder --save-data wrote (default: the index file's folder).", HelpName = "DIR" };
        var peer = new Option<string?>("--peer")
        {
            Description = "With --load-index: a program serving the same queries (bench/vectors/hnswlib_bench DIR --serve), timed in rounds alternating with Docent's. Split on spaces.",
            HelpName = "COMMAND",
        };
        var rounds = new Option<int>("--rounds") { Description = "With --load-index: timed rounds per engine and ef (the median counts).", DefaultValueFactory = _ => 7 };
        var roundQueries = new Option<int>("--round-queries") { Description = "With --load-index: queries per timed round.", DefaultValueFactory = _ => 5000 };
        var command = new Command("vectors", """
            Build the exact (flat) and HNSW vector indexes on synthetic clustered vectors (a Gaussian mixture with √N clusters of low intrinsic dimension), then report build time, memory, and for each search breadth (ef) recall@10 against the exact top 10 and queries per second on one thread, beside the flat index's speed.

            Examples:
              docent bench vectors --count 20000 --dim 128
              docent bench vectors --count 100000 --dim 384 --quantization both --json
              docent bench vectors --save-data ./vectors-100k   # then: python3 bench/vectors/hnswlib_compare.py ./vectors-100k
              docent bench vectors --save-data ./v100k --save-index ./v100k/docent.dcvx
              docent bench vectors --load-index ./v100k/docent.dcvx --ef 16,32,64 --peer "bench/vectors/hnswlib_bench ./v100k --serve"
            """)
        {
            count, dim, queries, m, efConstruction, ef, metric, quantization, threads, seed, saveData, saveIndex, loadIndex, data, peer, rounds, roundQueries,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                if (parse.GetValue(loadIndex) is { } indexFile)
                {
                    var queryOptions = new VectorQueryBenchmarkOptions
                    {
                        IndexPath = indexFile,
                        DataDirectory = parse.GetValue(data) ?? Path.GetDirectoryName(Path.GetFullPath(indexFile))!,
                        SearchBreadths = ParseBreadths(parse.GetValue(ef) ?? ""),
                        Rounds = parse.GetValue(rounds) is var r and >= 1 ? r : throw new ArgumentException("--rounds must be at least 1."),
                        RoundQueries = parse.GetValue(roundQueries) is var n and >= 1 ? n : throw new ArgumentException("--round-queries must be at least 1."),
                        Peer = parse.GetValue(peer) is { } peerText ? ParsePeer(peerText) : null,
                    };
                    if (!File.Exists(indexFile))
                    {
                        throw new ArgumentException($"--load-index: {indexFile} does not exist; write it with docent bench vectors --save-index {indexFile}.");
                    }

                    IProgress<string>? queryProgress = json ? null : new SynchronousProgress<string>(line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
                    var points = await Task.Run(() => VectorQueryBenchmark.Run(queryOptions, queryProgress, cancellationToken), cancellationToken);
                    var queryOutput = new BenchVectorsQueryJson(
                        Path.GetFullPath(indexFile), queryOptions.DataDirectory, queryOptions.Peer is null ? null : string.Join(' ', queryOptions.Peer),
                        queryOptions.Rounds, queryOptions.RoundQueries, points.Select(ToJson).ToList());
                    if (json)
                    {
                        CommandRunner.WriteJson(queryOutput, CliJson.Default.BenchVectorsQueryJson);
                    }
                    else
                    {
                        WriteHuman(queryOutput);
                    }

                    return ExitCodes.Success;
                }

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
                    IndexPath = parse.GetValue(saveIndex),
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

    private static string[] ParsePeer(string text)
    {
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 ? parts : throw new ArgumentException("--peer needs a program, e.g. \"bench/vectors/hnswlib_bench ./v100k --serve\".");
    }

    private static BenchQueryPointJson ToJson(VectorQueryPoint point)
    {
        static List<double> Rounded(IReadOnlyList<double> values, int digits) => values.Select(v => Math.Round(v, digits)).ToList();
        double? PeerMedian(IReadOnlyList<double> values, int digits) => point.HasPeer ? Math.Round(VectorQueryPoint.Median(values), digits) : null;
        return new BenchQueryPointJson(
            point.SearchBreadth, Math.Round(point.RecallAt10, 4), Math.Round(VectorQueryPoint.Median(point.Qps), 1), Rounded(point.Qps, 1),
            Math.Round(VectorQueryPoint.Median(point.CpuQps), 1), Rounded(point.CpuQps, 1),
            point.PeerRecallAt10 is { } peerRecall ? Math.Round(peerRecall, 4) : null, PeerMedian(point.PeerQps, 1), Rounded(point.PeerQps, 1),
            PeerMedian(point.PeerCpuQps, 1), Rounded(point.PeerCpuQps, 1),
            PeerMedian(point.Ratios, 4), Rounded(point.Ratios, 4), PeerMedian(point.CpuRatios, 4), Rounded(point.CpuRatios, 4));
    }

    private static void WriteHuman(BenchVectorsQueryJson result)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result.Index)}[/], queries from {Markup.Escape(result.Data)}; {result.Rounds} rounds of {result.RoundQueries:N0} queries per engine and ef, one thread{(result.Peer is null ? "" : ", alternating with the peer")}");
        var table = new Table().AddColumns("ef", "recall@10", "q/s, median (min–max)", "q/s per CPU s");
        if (result.Peer is not null)
        {
            table.AddColumns("peer recall@10", "peer q/s", "peer q/s per CPU s", "ratio (min–max of pairs)", "ratio per CPU s (min–max)");
        }

        foreach (var point in result.Points)
        {
            var cells = new List<string>
            {
                point.Ef.ToString(CultureInfo.InvariantCulture),
                point.RecallAt10.ToString("0.0000", CultureInfo.InvariantCulture),
                Spread(point.Qps, point.RoundQps, "N0"),
                point.CpuQps.ToString("N0", CultureInfo.InvariantCulture),
            };
            if (result.Peer is not null)
            {
                cells.Add(point.PeerRecallAt10?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "");
                cells.Add(Spread(point.PeerQps ?? 0, point.PeerRoundQps, "N0"));
                cells.Add((point.PeerCpuQps ?? 0).ToString("N0", CultureInfo.InvariantCulture));
                cells.Add(Spread(point.QpsRatio ?? 0, point.PairQpsRatios, "0.000"));
                cells.Add(Spread(point.CpuQpsRatio ?? 0, point.PairCpuQpsRatios, "0.000"));
            }

            table.AddRow([.. cells]);
        }

        AnsiConsole.Write(table);
    }

    private static string Spread(double median, IReadOnlyList<double> values, string format) =>
        $"{median.ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})";

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
