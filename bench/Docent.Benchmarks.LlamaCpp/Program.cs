using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Docent.Benchmarks.LlamaCpp;

/// <summary>
/// Times llama.cpp on one GGUF file the way <c>GenerationBenchmark.Measure</c> times Docent: after a warm-up, greedy
/// decoding from BOS (each step one <c>llama_decode</c> of one token and an argmax over its logits) and one prompt of
/// given token ids in a single batch, each the best of the rounds; then prints one JSON line with the speeds, the
/// process's peak resident memory, the first decoded tokens, the most likely token after each prompt position and llama.cpp's system line (which CPU features its build
/// uses). Started by <c>docent bench generation --peer llamacpp</c>, one fresh process per measurement.
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: Docent.Benchmarks.LlamaCpp --model FILE --threads N --steps N --warmup N --rounds N --context N --bos ID "
        + "[--prompt-tokens ID,ID,...] [--kv f16|f32]";

    public static int Main(string[] args)
    {
        try
        {
            var options = Options.Parse(args);
            var result = Measure(options);
            Console.Out.WriteLine(result);
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or LLama.Exceptions.RuntimeError)
        {
            Console.Error.WriteLine($"llama.cpp failed: {e.Message}");
            return 1;
        }
    }

    private static string Measure(Options o)
    {
        var log = new List<string>();
        NativeLibraryConfig.All.WithLogCallback((level, message) =>
        {
            if (level >= LLamaLogLevel.Warning)
            {
                log.Add(message.Trim());
            }
        });

        var clock = Stopwatch.StartNew();
        var parameters = new ModelParams(o.Model)
        {
            ContextSize = (uint)o.Context,
            Threads = o.Threads,
            BatchThreads = o.Threads,
            BatchSize = (uint)Math.Max(512, o.Prompt.Length),
            UBatchSize = (uint)Math.Max(512, o.Prompt.Length),
            GpuLayerCount = 0,
            TypeK = o.KeyValueType,
            TypeV = o.KeyValueType,
        };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        using var context = weights.CreateContext(parameters);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var handle = context.NativeHandle;
        var vocabulary = weights.Vocab.Count;
        var batch = new LLamaBatch();

        int Step(int token, int position)
        {
            batch.Clear();
            batch.Add(token, position, LLamaSeqId.Zero, true);
            Decode(handle, batch);
            return ArgMax(handle.GetLogitsIth(batch.TokenCount - 1)[..vocabulary]);
        }

        // The same warm-up as Docent's: the steps asked, repeated for at least a second.
        var token = o.Bos;
        clock.Restart();
        for (var step = 0; step < o.Warmup || (o.Warmup > 0 && clock.Elapsed.TotalSeconds < 1); step++)
        {
            var position = step % Math.Max(o.Warmup, 1);
            if (position == 0)
            {
                handle.MemoryClear();
            }

            token = Step(position == 0 ? o.Bos : token, position);
        }

        var first = new List<int>();
        double decode = 0, prompt = 0;
        for (var round = 0; round < o.Rounds; round++)
        {
            handle.MemoryClear();
            first.Clear();
            token = o.Bos;
            clock.Restart();
            for (var position = 0; position < o.Steps; position++)
            {
                token = Step(token, position);
                if (first.Count < 16)
                {
                    first.Add(token);
                }
            }

            decode = Math.Max(decode, o.Steps / clock.Elapsed.TotalSeconds);
            if (o.Prompt.Length > 0)
            {
                handle.MemoryClear();
                batch.Clear();
                for (var i = 0; i < o.Prompt.Length; i++)
                {
                    batch.Add(o.Prompt[i], i, LLamaSeqId.Zero, i == o.Prompt.Length - 1);
                }

                clock.Restart();
                Decode(handle, batch);
                prompt = Math.Max(prompt, o.Prompt.Length / clock.Elapsed.TotalSeconds);
            }
        }

        var peak = PeakResidentBytes();

        // Untimed, after the memory reading: the most likely next token after each prompt position, for the caller to compare with Docent's.
        var argMaxes = new List<int>();
        if (o.Prompt.Length > 0)
        {
            handle.MemoryClear();
            batch.Clear();
            for (var i = 0; i < o.Prompt.Length; i++)
            {
                batch.Add(o.Prompt[i], i, LLamaSeqId.Zero, true);
            }

            Decode(handle, batch);
            for (var i = 0; i < o.Prompt.Length; i++)
            {
                argMaxes.Add(ArgMax(handle.GetLogitsIth(i)[..vocabulary]));
            }
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("engine", "llama.cpp");
            json.WriteString("file", Path.GetFileName(o.Model));
            json.WriteNumber("threads", o.Threads);
            json.WriteString("kv", o.KeyValueType == GGMLType.GGML_TYPE_F32 ? "f32" : "f16");
            json.WriteString("systemInfo", (System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? "").Trim());
            json.WriteNumber("loadSeconds", Math.Round(loadSeconds, 3));
            json.WriteNumber("decodeTokensPerSecond", Math.Round(decode, 2));
            json.WriteNumber("promptTokensPerSecond", Math.Round(prompt, 2));
            json.WriteNumber("peakResidentBytes", peak);
            json.WriteNumber("peakResidentMib", Math.Round(peak / (1024.0 * 1024.0), 1));
            json.WriteStartArray("firstTokens");
            foreach (var t in first)
            {
                json.WriteNumberValue(t);
            }

            json.WriteEndArray();
            json.WriteStartArray("promptArgMaxes");
            foreach (var t in argMaxes)
            {
                json.WriteNumberValue(t);
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var line in log.Distinct().Take(20))
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Decode(SafeLLamaContextHandle handle, LLamaBatch batch)
    {
        var result = handle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode returned {result}.");
        }
    }

    private static int ArgMax(Span<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>VmHWM of this process (Linux), else the peak working set.</summary>
    private static long PeakResidentBytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>The command line, checked.</summary>
    private sealed record Options(string Model, int Threads, int Steps, int Warmup, int Rounds, int Context, int Bos, int[] Prompt, GGMLType KeyValueType)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    throw new ArgumentException($"Unexpected argument '{args[i]}'.");
                }

                values[args[i]] = args[++i];
            }

            string Text(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required.");
            int Number(string name, int min) =>
                int.TryParse(Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                    ? n
                    : throw new ArgumentException($"{name}: '{Text(name)}' is not a whole number of at least {min}.");

            var model = Text("--model");
            if (!File.Exists(model))
            {
                throw new ArgumentException($"--model: '{model}' does not exist.");
            }

            var prompt = values.TryGetValue("--prompt-tokens", out var list) && list.Length > 0
                ? list.Split(',').Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    ? id
                    : throw new ArgumentException($"--prompt-tokens: '{t}' is not a token id.")).ToArray()
                : [];
            var kv = values.GetValueOrDefault("--kv", "f16") switch
            {
                "f16" => GGMLType.GGML_TYPE_F16,
                "f32" => GGMLType.GGML_TYPE_F32,
                var other => throw new ArgumentException($"--kv: '{other}' is not f16 or f32."),
            };
            return new Options(
                model, Number("--threads", 1), Number("--steps", 1), Number("--warmup", 0), Number("--rounds", 1), Number("--context", 1), Number("--bos", 0), prompt, kv);
        }
    }
}
