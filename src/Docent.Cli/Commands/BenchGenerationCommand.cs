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
/// child process (this same command with --measure) so memory figures do not mix.
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
        var types = new Option<string>("--types") { Description = "GGUF matrix types to measure, comma-separated: f32, f16, q8_0, q4_0.", DefaultValueFactory = _ => "f32,q8_0", HelpName = "LIST" };
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
            """)
        {
            dim, hidden, layers, heads, kvHeads, vocab, context, steps, prompt, warmup, rounds, seed, threads, types, output, llama2C, reuse, measure,
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
                };
                options.Validate();
                var threadCounts = ParseThreads(parse.GetValue(threads) ?? "");
                if (parse.GetValue(measure) is { } file)
                {
                    var one = GenerationBenchmark.Measure(file, threadCounts[0], options);
                    CommandRunner.WriteJson(ToJson(one), CliJson.Default.BenchGenerationRunJson);
                    return ExitCodes.Success;
                }

                var result = await Task.Run(
                    () => Run(options, ParseTypes(parse.GetValue(types) ?? ""), threadCounts, parse.GetValue(output), parse.GetValue(llama2C), parse.GetValue(reuse), json, cancellationToken),
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
        GenerationBenchmarkOptions options, GgufTensorType[] types, int[] threadCounts, string? outputFolder, bool llama2C, bool reuse, bool json,
        CancellationToken cancellationToken)
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
            var missing = types.Where(t => !reuse || !File.Exists(Path.Combine(folder, GenerationBenchmark.GgufFileName(t)))).ToArray();
            var writeLlama2C = llama2C && (!reuse || !File.Exists(Path.Combine(folder, GenerationBenchmark.Llama2CInt8FileName)));
            var clock = Stopwatch.StartNew();
            GenerationBenchmark.WriteModels(options, folder, missing, writeLlama2C, new SynchronousProgress<string>(Say));
            var writeSeconds = clock.Elapsed.TotalSeconds;
            var runs = new List<BenchGenerationRunJson>();
            foreach (var type in types)
            {
                foreach (var threads in threadCounts)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var path = Path.Combine(folder, GenerationBenchmark.GgufFileName(type));
                    Say($"measuring {Path.GetFileName(path)} on {threads} thread(s) in a fresh process");
                    runs.Add(MeasureInChild(path, threads, options, cancellationToken));
                }
            }

            var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal)
                .Select(f => new BenchGenerationFileJson(Path.GetFileName(f), new FileInfo(f).Length)).ToList();
            return new BenchGenerationJson(
                options.Dimension, options.HiddenDimension, options.Layers, options.Heads, options.KeyValueHeads, options.VocabularySize,
                options.ContextLength, options.Steps, options.PromptTokens, options.WarmupSteps, options.Rounds, options.Seed, Environment.ProcessorCount,
                Math.Round(writeSeconds, 2), outputFolder is null ? null : Path.GetFullPath(folder), files, runs);
        }
        finally
        {
            if (outputFolder is null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {processPath}.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        if (process.ExitCode != 0 || !line.StartsWith('{'))
        {
            throw new InvalidOperationException($"Measuring {path} on {threads} thread(s) failed (exit {process.ExitCode}): {line} {error.Result}".Trim());
        }

        return JsonSerializer.Deserialize(line, CliJson.Default.BenchGenerationRunJson)
            ?? throw new InvalidDataException($"The measuring process printed no result: {line}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static BenchGenerationRunJson ToJson(GenerationMeasurement m) => new(
        Path.GetFileName(m.File), m.Type, m.Threads, m.KernelPath, Math.Round(m.LoadSeconds, 3), Math.Round(m.DecodeTokensPerSecond, 2),
        Math.Round(m.PromptTokensPerSecond, 2), m.PeakResidentBytes, Math.Round(m.PeakResidentBytes / (1024.0 * 1024.0), 1), m.FirstTokens);

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

    private static GgufTensorType[] ParseTypes(string text)
    {
        var values = new List<GgufTensorType>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            values.Add(part.ToLowerInvariant() switch
            {
                "f32" => GgufTensorType.F32,
                "f16" => GgufTensorType.F16,
                "q8_0" or "q8" => GgufTensorType.Q8_0,
                "q4_0" or "q4" => GgufTensorType.Q4_0,
                _ => throw new ArgumentException($"--types: '{part}' is not one of f32, f16, q8_0, q4_0."),
            });
        }

        return values.Count > 0 ? [.. values.Distinct()] : throw new ArgumentException("--types needs at least one value, e.g. f32,q8_0.");
    }

    private static void WriteHuman(BenchGenerationJson result)
    {
        AnsiConsole.MarkupLine(
            $"[bold]random llama[/] dim {result.Dim}, hidden {result.Hidden}, {result.Layers} layers, {result.Heads} heads ({result.KvHeads} kv), vocabulary {result.Vocab}, context {result.Context}; "
            + $"{result.Steps} decode steps, {result.PromptTokens} prompt tokens, best of {result.Rounds}, {result.ProcessorCount} logical CPUs");
        var table = new Table().AddColumns("file", "type", "threads", "kernels", "decode tok/s", "prompt tok/s", "peak RSS", "load s");
        foreach (var run in result.Runs)
        {
            table.AddRow(
                run.File, run.Type, run.Threads.ToString(CultureInfo.InvariantCulture), run.KernelPath,
                run.DecodeTokensPerSecond.ToString("0.0", CultureInfo.InvariantCulture), run.PromptTokensPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                $"{run.PeakResidentMib:0} MiB", run.LoadSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
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
