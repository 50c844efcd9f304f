using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Docent.Benchmarks.Generation;
using Docent.Cli.Output;
using Docent.Generation;
using Spectre.Console;

namespace Docent.Cli.Commands;

/// <summary>
/// `docent bench generation`: writes a random-weight llama checkpoint (stories110M shape by default) as GGUF and as
/// llama2.c files, then measures Docent's decode and prompt speed and peak memory, each configuration in a fresh
/// child process (this same command with --measure) so memory figures do not mix; with --peer llamacpp, llama.cpp
/// (the bench/Docent.Benchmarks.LlamaCpp program) is measured on the same files, interleaved with Docent pair by pair.
/// </summary>
internal static class BenchGenerationCommand
{
    public static Command Create(GlobalOptions global)
    {
        var defaults = new GenerationBenchmarkOptions();
        var dim = new Option<int>("--dim") { Description = "Embedding width.", DefaultValueFactory = _ => defaults.Dimension };
        var hidden = new Option<int>("--hidden") { Description = "FFN hidden width.", DefaultValueFactory = _ => defaults.HiddenDimension };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => defaults.Layers };
        var heads = new Option<int>("--heads") { Description = "Query heads.", DefaultValueFactory = _ => defaults.Heads };
        var kvHeads = new Option<int>("--kv-heads") { Description = "Key/value heads.", DefaultValueFactory = _ => defaults.KeyValueHeads };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size (llama2.c's tokenizer.bin needs 32000).", DefaultValueFactory = _ => defaults.VocabularySize };
        var context = new Option<int>("--context") { Description = "Context length.", DefaultValueFactory = _ => defaults.ContextLength };
        var steps = new Option<int>("--steps") { Description = "Decode steps timed (from BOS; each a forward pass and an argmax).", DefaultValueFactory = _ => defaults.Steps };
        var prompt = new Option<int>("--prompt") { Description = "Prompt tokens timed.", DefaultValueFactory = _ => defaults.PromptTokens };
        var warmup = new Option<int>("--warmup") { Description = "Untimed forward passes first (JIT warm-up).", DefaultValueFactory = _ => defaults.WarmupSteps };
        var rounds = new Option<int>("--rounds") { Description = "Timed rounds of each phase; the fastest counts.", DefaultValueFactory = _ => defaults.Rounds };
        var seed = new Option<int>("--seed") { Description = "Seed of the weights and the prompt.", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<string>("--threads") { Description = "Thread counts to measure, comma-separated.", DefaultValueFactory = _ => "1,2", HelpName = "LIST" };
        var types = new Option<string>("--types")
        {
            Description = $"Weight formats to measure, comma-separated: {string.Join(", ", BenchmarkWeightFormat.All.Select(f => f.Name))} (q4_k_m: Q4_K with Q6_K where llama.cpp's Q4_K_M puts it).",
            DefaultValueFactory = _ => "f32,q8_0",
            HelpName = "LIST",
        };
        var vocabFile = new Option<string?>("--vocab-file")
        {
            Description = "A GGUF file whose vocabulary (tokenizer.* metadata) the model files carry, e.g. llama.cpp's ggml-vocab-llama-spm.gguf; sets --vocab to its size. Default: a generated vocabulary of --vocab tokens.",
            HelpName = "FILE",
        };
        var peer = new Option<string?>("--peer") { Description = "Also measure a peer on the same files, interleaved with Docent: llamacpp (llama.cpp through LLamaSharp).", HelpName = "NAME" };
        var peerPath = new Option<string?>("--peer-path")
        {
            Description = "The peer program (Docent.Benchmarks.LlamaCpp.dll). Default: found under bench/Docent.Benchmarks.LlamaCpp/bin of the source tree above the current folder.",
            HelpName = "FILE",
        };
        var pairs = new Option<int>("--pairs") { Description = "With --peer: Docent/peer pairs per configuration (A B A B ...); medians and ranges are reported.", DefaultValueFactory = _ => 3 };
        var kv = new Option<string>("--peer-kv") { Description = "The peer's KV cache type: f16 (llama.cpp's default) or f32 (Docent's).", DefaultValueFactory = _ => "f16" };
        var output = new Option<string?>("--out") { Description = "Folder for the model files (kept). Default: a temporary folder, deleted afterwards.", HelpName = "DIR" };
        var llama2C = new Option<bool>("--llama2c") { Description = "Also write llama2.c checkpoints of the same weights: model-f32.bin (run.c) and model-q80.bin (runq.c, int8 groups of 64)." };
        var reuse = new Option<bool>("--reuse") { Description = "Keep model files already in --out instead of writing them again." };
        var measure = new Option<string?>("--measure") { Description = "Measure one GGUF file on the first --threads value in this process and print one JSON line (used for the child processes).", Hidden = true };
        var command = new Command("generation", """
            Measure local generation: write a random-weight llama checkpoint (stories110M's shape by default: dim 768, hidden 2048, 12 layers, 12 heads, vocabulary 32000, context 1024) as GGUF of each --types, then for each type and thread count start a fresh process that loads it and times decoding (--steps from BOS, each a forward pass and an argmax) and a random prompt (--prompt tokens), and reports its peak resident memory (VmHWM: touched pages of the mapped file plus heap).

            Examples:
              docent bench generation
              docent bench generation --dim 256 --hidden 768 --layers 6 --heads 8 --kv-heads 4 --context 256 --json
              docent bench generation --out /tmp/gen --llama2c   # then: bench/generation/llama2c_compare.sh LLAMA2C_DIR /tmp/gen TOKENIZER
              docent bench generation --types q8_0,q4_k_m --peer llamacpp --vocab-file ../shared/data/llama.cpp-vocab/ggml-vocab-llama-spm.gguf

            With --peer llamacpp, build the peer program first (a separate program, so the docent tool does not carry llama.cpp's native libraries): dotnet build bench/Docent.Benchmarks.LlamaCpp -c Release
            """)
        {
            dim, hidden, layers, heads, kvHeads, vocab, context, steps, prompt, warmup, rounds, seed, threads, types, vocabFile, output, llama2C, reuse,
            peer, peerPath, pairs, kv, measure,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var json = parse.GetValue(global.Json);
            return CommandRunner.RunAsync(json, async () =>
            {
                var options = new GenerationBenchmarkOptions
                {
                    Dimension = parse.GetValue(dim),
                    HiddenDimension = parse.GetValue(hidden),
                    Layers = parse.GetValue(layers),
                    Heads = parse.GetValue(heads),
                    KeyValueHeads = parse.GetValue(kvHeads),
                    VocabularySize = parse.GetValue(vocab),
                    ContextLength = parse.GetValue(context),
                    Steps = parse.GetValue(steps),
                    PromptTokens = parse.GetValue(prompt),
                    WarmupSteps = parse.GetValue(warmup),
                    Rounds = parse.GetValue(rounds),
                    Seed = parse.GetValue(seed),
                    VocabularyFile = parse.GetValue(vocabFile),
                };
                if (options.VocabularyFile is { } vocabularyFile)
                {
                    options.VocabularySize = BenchmarkVocabulary.TokenCount(vocabularyFile);
                }

                options.Validate();
                var threadCounts = ParseThreads(parse.GetValue(threads) ?? "");
                if (parse.GetValue(measure) is { } file)
                {
                    var one = GenerationBenchmark.Measure(file, threadCounts[0], options);
                    CommandRunner.WriteJson(ToJson(one), CliJson.Default.BenchGenerationRunJson);
                    return ExitCodes.Success;
                }

                var peerProgram = parse.GetValue(peer) switch
                {
                    null => null,
                    "llamacpp" or "llama.cpp" => new PeerProgram(FindPeer(parse.GetValue(peerPath)), parse.GetValue(kv) is "f16" or "f32" ? parse.GetValue(kv)! : throw new ArgumentException("--peer-kv must be f16 or f32.")),
                    var other => throw new ArgumentException($"--peer: '{other}' is not a known peer; use llamacpp."),
                };
                var pairCount = peerProgram is null ? 1 : parse.GetValue(pairs);
                if (pairCount is < 1 or > 100)
                {
                    throw new ArgumentException("--pairs must be between 1 and 100.");
                }

                var result = await Task.Run(
                    () => Run(
                        options, ParseTypes(parse.GetValue(types) ?? ""), threadCounts, parse.GetValue(output), parse.GetValue(llama2C), parse.GetValue(reuse), peerProgram,
                        pairCount, json, cancellationToken),
                    cancellationToken);
                if (json)
                {
                    CommandRunner.WriteJson(result, CliJson.Default.BenchGenerationJson);
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

    private static BenchGenerationJson Run(
        GenerationBenchmarkOptions options, BenchmarkWeightFormat[] formats, int[] threadCounts, string? outputFolder, bool llama2C, bool reuse, PeerProgram? peer,
        int pairs, bool json, CancellationToken cancellationToken)
    {
        var folder = outputFolder ?? Path.Combine(Path.GetTempPath(), $"docent-bench-generation-{Environment.ProcessId}");
        void Say(string line)
        {
            if (!json)
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
            }
        }

        try
        {
            var missing = formats.Where(f => !reuse || !File.Exists(Path.Combine(folder, f.FileName))).ToArray();
            var writeLlama2C = llama2C && (!reuse || !File.Exists(Path.Combine(folder, GenerationBenchmark.Llama2CInt8FileName)));
            var clock = Stopwatch.StartNew();
            GenerationBenchmark.WriteModels(options, folder, missing, writeLlama2C, new SynchronousProgress<string>(Say));
            var writeSeconds = clock.Elapsed.TotalSeconds;
            var runs = new List<BenchGenerationRunJson>();

            // Pair by pair, each configuration Docent then the peer (A B A B ...), so a slow spell of the machine hits both sides.
            for (var pair = 1; pair <= pairs; pair++)
            {
                foreach (var format in formats)
                {
                    foreach (var threads in threadCounts)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var path = Path.Combine(folder, format.FileName);
                        var of = pairs > 1 ? $" (pair {pair} of {pairs})" : "";
                        Say($"measuring {Path.GetFileName(path)} on {threads} thread(s) in a fresh process{of}");
                        runs.Add(MeasureInChild(path, threads, options, cancellationToken) with { Pair = pair, Type = format.Name });
                        if (peer is not null)
                        {
                            Say($"measuring {Path.GetFileName(path)} on {threads} thread(s) with llama.cpp{of}");
                            runs.Add(MeasurePeer(peer, path, threads, options, cancellationToken) with { Pair = pair, Type = format.Name });
                        }
                    }
                }
            }

            var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal)
                .Select(f => new BenchGenerationFileJson(Path.GetFileName(f), new FileInfo(f).Length)).ToList();
            return new BenchGenerationJson(
                options.Dimension, options.HiddenDimension, options.Layers, options.Heads, options.KeyValueHeads, options.VocabularySize,
                options.ContextLength, options.Steps, options.PromptTokens, options.WarmupSteps, options.Rounds, options.Seed, Environment.ProcessorCount,
                Math.Round(writeSeconds, 2), outputFolder is null ? null : Path.GetFullPath(folder), files, runs,
                options.VocabularyFile is { } v ? Path.GetFullPath(v) : "generated", peer is null ? null : "llama.cpp", pairs,
                peer is null ? null : Compare(runs), Scale(runs, threadCounts));
        }
        finally
        {
            if (outputFolder is null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Docent against the peer per (format, threads): medians, and the median and range of the per-pair ratios.</summary>
    private static List<BenchGenerationComparisonJson> Compare(List<BenchGenerationRunJson> runs)
    {
        var comparisons = new List<BenchGenerationComparisonJson>();
        foreach (var group in runs.GroupBy(r => (r.Type, r.Threads)))
        {
            var docent = group.Where(r => r.Engine == "docent").OrderBy(r => r.Pair).ToList();
            var peer = group.Where(r => r.Engine != "docent").OrderBy(r => r.Pair).ToList();
            var paired = docent.Join(peer, d => d.Pair, p => p.Pair, (d, p) => (Docent: d, Peer: p)).ToList();
            if (paired.Count == 0)
            {
                continue;
            }

            var decode = paired.Select(p => p.Docent.DecodeTokensPerSecond / p.Peer.DecodeTokensPerSecond).ToList();
            var prompt = paired.Select(p => p.Peer.PromptTokensPerSecond > 0 ? p.Docent.PromptTokensPerSecond / p.Peer.PromptTokensPerSecond : 0).ToList();
            comparisons.Add(new BenchGenerationComparisonJson(
                group.Key.Type, group.Key.Threads, paired.Count,
                Median(docent.Select(r => r.DecodeTokensPerSecond)), Median(peer.Select(r => r.DecodeTokensPerSecond)), Median(decode), Round(decode.Min()), Round(decode.Max()),
                Median(docent.Select(r => r.PromptTokensPerSecond)), Median(peer.Select(r => r.PromptTokensPerSecond)), Median(prompt), Round(prompt.Min()), Round(prompt.Max()),
                Median(docent.Select(r => r.PeakResidentMib)), Median(peer.Select(r => r.PeakResidentMib)),
                paired.All(p => p.Docent.FirstTokens.SequenceEqual(p.Peer.FirstTokens)), paired.Min(p => Agreement(p.Docent.PromptArgMaxes, p.Peer.PromptArgMaxes)),
                docent[0].KernelPath));
        }

        return comparisons;
    }

    /// <summary>Each engine's median speeds on more threads against its own on the fewest measured (same file).</summary>
    private static List<BenchGenerationScalingJson> Scale(List<BenchGenerationRunJson> runs, int[] threadCounts)
    {
        var scaling = new List<BenchGenerationScalingJson>();
        var baseThreads = threadCounts.Min();
        foreach (var group in runs.GroupBy(r => (r.Engine, r.Type)))
        {
            var one = group.Where(r => r.Threads == baseThreads).ToList();
            foreach (var threads in threadCounts.Where(t => t != baseThreads))
            {
                var more = group.Where(r => r.Threads == threads).ToList();
                if (one.Count > 0 && more.Count > 0)
                {
                    var prompt = Median(one.Select(r => r.PromptTokensPerSecond));
                    scaling.Add(new BenchGenerationScalingJson(
                        group.Key.Engine, group.Key.Type, threads,
                        Round(Median(more.Select(r => r.DecodeTokensPerSecond)) / Median(one.Select(r => r.DecodeTokensPerSecond))),
                        prompt > 0 ? Round(Median(more.Select(r => r.PromptTokensPerSecond)) / prompt) : 0));
                }
            }
        }

        return scaling;
    }

    /// <summary>The share of positions where both lists name the same token (0 when either is missing).</summary>
    private static double Agreement(IReadOnlyList<int>? a, IReadOnlyList<int>? b) =>
        a is null || b is null || a.Count == 0 || a.Count != b.Count ? 0 : Round(a.Zip(b).Count(p => p.First == p.Second) / (double)a.Count);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : Round(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2);
    }

    private static double Round(double value) => Math.Round(value, 3);

    /// <summary>The llama.cpp peer program and how to run it.</summary>
    private sealed record PeerProgram(string Path, string KeyValueType);

    /// <summary>The peer program: <paramref name="given"/>, else the Release (then Debug) build under the source tree above the current folder or this tool.</summary>
    private static string FindPeer(string? given)
    {
        const string Name = "Docent.Benchmarks.LlamaCpp";
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new ArgumentException($"--peer-path: '{given}' does not exist.");
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var configuration in new[] { "Release", "Debug" })
                {
                    var candidate = Path.Combine(dir.FullName, "bench", Name, "bin", configuration, "net10.0", Name + ".dll");
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        throw new ArgumentException(
            $"The llama.cpp peer program is not built: run `dotnet build bench/{Name} -c Release` in Docent's source tree (from there, or give --peer-path).");
    }

    /// <summary>Runs the peer program on <paramref name="path"/> in a new process, with the same steps, warm-up, rounds and prompt as Docent's.</summary>
    private static BenchGenerationRunJson MeasurePeer(PeerProgram peer, string path, int threads, GenerationBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(peer.Path);
        foreach (var argument in new[]
        {
            "--model", path, "--threads", Text(threads), "--steps", Text(options.Steps), "--warmup", Text(options.WarmupSteps), "--rounds", Text(options.Rounds),
            "--context", Text(options.ContextLength), "--bos", Text(GenerationBenchmark.BosToken), "--kv", peer.KeyValueType,
            "--prompt-tokens", string.Join(',', GenerationBenchmark.PromptTokens(options, options.VocabularySize)),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var line = RunChild(start, $"llama.cpp on {path}, {threads} thread(s)", cancellationToken);
        var run = JsonSerializer.Deserialize(line, CliJson.Default.BenchGenerationPeerRunJson)
            ?? throw new InvalidDataException($"The llama.cpp peer printed no result: {line}");
        return new BenchGenerationRunJson(
            run.File, "", run.Threads, $"llama.cpp (KV {run.Kv})", run.LoadSeconds, run.DecodeTokensPerSecond, run.PromptTokensPerSecond, run.PeakResidentBytes,
            run.PeakResidentMib, run.FirstTokens, "llama.cpp", SystemInfo: run.SystemInfo, PromptArgMaxes: run.PromptArgMaxes);
    }

    /// <summary>Starts <paramref name="start"/>, waits, and returns the last line it printed, which must be a JSON object.</summary>
    private static string RunChild(ProcessStartInfo start, string what, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName} for {what}.");
        using var kill = cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        });
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return process.ExitCode == 0 && line.StartsWith('{')
            ? line
            : throw new InvalidOperationException($"Measuring {what} failed (exit {process.ExitCode}): {line} {error.Result}".Trim());
    }

    /// <summary>Runs this command with --measure in a new process, so its peak memory is that configuration's alone.</summary>
    private static BenchGenerationRunJson MeasureInChild(string path, int threads, GenerationBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(processPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BenchGenerationCommand).Assembly.Location);
        }

        foreach (var argument in new[]
        {
            "bench", "generation", "--json", "--measure", path, "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--dim", Text(options.Dimension), "--hidden", Text(options.HiddenDimension), "--layers", Text(options.Layers), "--heads", Text(options.Heads),
            "--kv-heads", Text(options.KeyValueHeads), "--vocab", Text(options.VocabularySize), "--context", Text(options.ContextLength),
            "--steps", Text(options.Steps), "--prompt", Text(options.PromptTokens), "--warmup", Text(options.WarmupSteps), "--rounds", Text(options.Rounds), "--seed", Text(options.Seed),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var line = RunChild(start, $"{path} on {threads} thread(s)", cancellationToken);
        return JsonSerializer.Deserialize(line, CliJson.Default.BenchGenerationRunJson)
            ?? throw new InvalidDataException($"The measuring process printed no result: {line}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static BenchGenerationRunJson ToJson(GenerationMeasurement m) => new(
        Path.GetFileName(m.File), m.Type, m.Threads, m.KernelPath, Math.Round(m.LoadSeconds, 3), Math.Round(m.DecodeTokensPerSecond, 2),
        Math.Round(m.PromptTokensPerSecond, 2), m.PeakResidentBytes, Math.Round(m.PeakResidentBytes / (1024.0 * 1024.0), 1), m.FirstTokens, PromptArgMaxes: m.PromptArgMaxes);

    private static int[] ParseThreads(string text)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 256)
            {
                throw new ArgumentException($"--threads: '{part}' is not a thread count between 1 and 256.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? [.. values] : throw new ArgumentException("--threads needs at least one value, e.g. 1,2.");
    }

    private static BenchmarkWeightFormat[] ParseTypes(string text)
    {
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => BenchmarkWeightFormat.Parse(part)).Distinct().ToArray();
        return values.Length > 0 ? values : throw new ArgumentException("--types needs at least one value, e.g. f32,q8_0.");
    }

    private static void WriteHuman(BenchGenerationJson result)
    {
        AnsiConsole.MarkupLine(
            $"[bold]random llama[/] dim {result.Dim}, hidden {result.Hidden}, {result.Layers} layers, {result.Heads} heads ({result.KvHeads} kv), vocabulary {result.Vocab}, context {result.Context}; "
            + $"{result.Steps} decode steps, {result.PromptTokens} prompt tokens, best of {result.Rounds}, {result.ProcessorCount} logical CPUs");
        var table = new Table().AddColumns("engine", "file", "threads", "pair", "kernels", "decode tok/s", "prompt tok/s", "peak RSS", "load s");
        foreach (var run in result.Runs)
        {
            table.AddRow(
                run.Engine, run.File, run.Threads.ToString(CultureInfo.InvariantCulture), run.Pair.ToString(CultureInfo.InvariantCulture), Markup.Escape(run.KernelPath),
                run.DecodeTokensPerSecond.ToString("0.0", CultureInfo.InvariantCulture), run.PromptTokensPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                $"{run.PeakResidentMib:0} MiB", run.LoadSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        if (result.Comparisons is { Count: > 0 } comparisons)
        {
            AnsiConsole.MarkupLine($"[bold]Docent ÷ {Markup.Escape(result.Peer ?? "peer")}[/], median of {result.Pairs} interleaved pair(s) [[range]]; above 1: Docent is faster");
            var compared = new Table().AddColumns("format", "threads", "decode tok/s (Docent / peer)", "decode ratio", "prompt tok/s", "prompt ratio", "peak RSS MiB", "same tokens", "prompt argmax agree");
            foreach (var c in comparisons)
            {
                compared.AddRow(
                    c.Format, c.Threads.ToString(CultureInfo.InvariantCulture), $"{c.DocentDecode:0.0} / {c.PeerDecode:0.0}",
                    $"{c.DecodeRatio:0.00}× [[{c.DecodeRatioMin:0.00}–{c.DecodeRatioMax:0.00}]]", $"{c.DocentPrompt:0.0} / {c.PeerPrompt:0.0}",
                    $"{c.PromptRatio:0.00}× [[{c.PromptRatioMin:0.00}–{c.PromptRatioMax:0.00}]]", $"{c.DocentPeakMib:0} / {c.PeerPeakMib:0}", c.SameTokens ? "yes" : "[red]no[/]", $"{c.PromptAgreement:P0}");
            }

            AnsiConsole.Write(compared);
        }

        foreach (var s in result.Scaling ?? [])
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(s.Engine)} {Markup.Escape(s.Format)}: {s.Threads} threads decode {s.DecodeSpeedup:0.00}×, prompt {s.PromptSpeedup:0.00}× its one-thread speed[/]");
        }

        foreach (var file in result.Files)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(file.Name)}: {file.Bytes / (1024.0 * 1024.0):0.0} MiB[/]");
        }

        if (result.Folder is { } folder)
        {
            AnsiConsole.MarkupLine($"[grey]Files kept in {Markup.Escape(folder)}.[/]");
        }
    }
}
