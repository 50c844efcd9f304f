using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Docent.Generation;

namespace Docent.Benchmarks.Generation;

/// <summary>
/// The local generation benchmark: writes one random-weight llama checkpoint (same weights in every file) as GGUF
/// (F32, F16, Q8_0, Q4_0, Q4_K, Q6_K and the Q4_K_M mix, each carrying a vocabulary so llama.cpp loads it) and as
/// llama2.c's two formats (run.c's legacy float32, runq.c's version-2 int8 with groups of 64) so peers can be
/// measured on the same model, then measures Docent on a GGUF file: decode and prompt tokens per second and peak
/// resident memory. Stateless; thread-safe (each call its own files and model).
/// </summary>
public static class GenerationBenchmark
{
    /// <summary>The BOS token decoding starts from (as llama2.c's run.c does).</summary>
    public const int BosToken = 1;

    /// <summary>The llama2.c int8 group size (export.py's default for version 2).</summary>
    public const int Llama2CGroupSize = 64;

    /// <summary>The file name of the GGUF checkpoint of <paramref name="type"/>.</summary>
    public static string GgufFileName(GgufTensorType type) => BenchmarkWeightFormat.Of(type).FileName;

    /// <summary>The file name of the llama2.c float32 checkpoint (run.c).</summary>
    public const string Llama2CFloatFileName = "model-f32.bin";

    /// <summary>The file name of the llama2.c int8 checkpoint (runq.c).</summary>
    public const string Llama2CInt8FileName = "model-q80.bin";

    /// <summary>
    /// Writes the GGUF files of <paramref name="types"/> and, when <paramref name="llama2C"/>, the two llama2.c files
    /// into <paramref name="directory"/>; returns their paths.
    /// </summary>
    public static IReadOnlyList<string> WriteModels(
        GenerationBenchmarkOptions options, string directory, IReadOnlyList<GgufTensorType> types, bool llama2C, IProgress<string>? progress = null) =>
        WriteModels(options, directory, types.Select(BenchmarkWeightFormat.Of).ToList(), llama2C, progress);

    /// <summary>
    /// Writes the GGUF files of <paramref name="formats"/> and, when <paramref name="llama2C"/>, the two llama2.c files
    /// into <paramref name="directory"/>; returns their paths.
    /// </summary>
    public static IReadOnlyList<string> WriteModels(
        GenerationBenchmarkOptions options, string directory, IReadOnlyList<BenchmarkWeightFormat> formats, bool llama2C, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(directory);
        var weights = new RandomWeights(options);
        var written = new List<string>();
        var vocabulary = BenchmarkVocabulary.Load(options);
        foreach (var format in formats)
        {
            if (format.NeedsSuperBlocks && (options.Dimension % 256 != 0 || options.HiddenDimension % 256 != 0))
            {
                throw new ArgumentException($"The {format.Name} format needs widths that are multiples of 256 (K-quant super-blocks); --dim is {options.Dimension}, --hidden {options.HiddenDimension}.");
            }

            var path = Path.Combine(directory, format.FileName);
            progress?.Report($"writing {path}");
            WriteGguf(weights, format, vocabulary, path);
            written.Add(path);
        }

        if (llama2C)
        {
            var path = Path.Combine(directory, Llama2CFloatFileName);
            progress?.Report($"writing {path}");
            WriteLlama2CFloat(weights, path);
            written.Add(path);
            path = Path.Combine(directory, Llama2CInt8FileName);
            progress?.Report($"writing {path}");
            WriteLlama2CInt8(weights, path);
            written.Add(path);
        }

        return written;
    }

    /// <summary>
    /// Loads the GGUF file at <paramref name="path"/> on <paramref name="threads"/> threads and measures, after
    /// <see cref="GenerationBenchmarkOptions.WarmupSteps"/> untimed forward passes: decoding (from BOS, each step a
    /// forward pass and an argmax) and a prompt of random tokens, each the best of <see cref="GenerationBenchmarkOptions.Rounds"/>. Peak memory is the whole process's, so run each
    /// configuration in a fresh process (as <c>docent bench generation</c> does).
    /// </summary>
    public static GenerationMeasurement Measure(string path, int threads, GenerationBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        using var file = GgufFile.Open(path);
        using var model = LlamaModel.Load(file, threads);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var type = file.Tensors.TryGetValue("blk.0.attn_q.weight", out var q) ? q.Type : GgufTensorType.F32;

        // Warm up for the steps asked and at least a second: the JIT recompiles hot methods at full optimisation in the
        // background only after they have run a while, and a small model's first steps take milliseconds.
        var token = BosToken;
        clock.Restart();
        for (var step = 0; step < options.WarmupSteps || (options.WarmupSteps > 0 && clock.Elapsed.TotalSeconds < 1); step++)
        {
            var position = step % Math.Max(options.WarmupSteps, 1);
            token = TensorPrimitives.IndexOfMax(model.Forward(position == 0 ? BosToken : token, position));
        }

        // Best of Rounds: the machine may be shared, and the fastest round is the least disturbed one.
        var first = new List<int>();
        var decode = 0.0;
        var promptSpeed = 0.0;
        var prompt = PromptTokens(options, model.VocabularySize);
        for (var round = 0; round < options.Rounds; round++)
        {
            first.Clear();
            token = BosToken;
            clock.Restart();
            for (var position = 0; position < options.Steps; position++)
            {
                token = TensorPrimitives.IndexOfMax(model.Forward(token, position));
                if (first.Count < 16)
                {
                    first.Add(token);
                }
            }

            decode = Math.Max(decode, options.Steps / clock.Elapsed.TotalSeconds);
            if (prompt.Length > 0)
            {
                clock.Restart();
                RunPrompt(model, prompt);
                promptSpeed = Math.Max(promptSpeed, prompt.Length / clock.Elapsed.TotalSeconds);
            }
        }

        var peak = PeakResidentBytes();
        return new GenerationMeasurement(
            path, type.ToString(), threads, KernelCalibration.Describe(), loadSeconds, decode, promptSpeed, peak, first, PromptArgMaxes(model, prompt));
    }

    /// <summary>
    /// The most likely next token after each prompt position (one untimed pass keeping every position's logits): with the
    /// decoded tokens, what a peer must reproduce to show it computes the same model. A random model's greedy decoding
    /// often repeats one token, so these 128 distinct contexts are the sharper check.
    /// </summary>
    private static int[] PromptArgMaxes(LlamaModel model, int[] prompt)
    {
        if (prompt.Length == 0)
        {
            return [];
        }

        var logits = new float[(long)Math.Min(prompt.Length, 128) * model.VocabularySize];
        var count = logits.Length / model.VocabularySize;
        model.ForwardBatch(prompt.AsSpan(0, count), 0, logits);
        return [.. Enumerable.Range(0, count).Select(i => TensorPrimitives.IndexOfMax(logits.AsSpan(i * model.VocabularySize, model.VocabularySize)))];
    }

    /// <summary>The random prompt both Docent and a peer time: <see cref="GenerationBenchmarkOptions.PromptTokens"/> ids from the seed, none of them a control token.</summary>
    public static int[] PromptTokens(GenerationBenchmarkOptions options, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        return Enumerable.Range(0, options.PromptTokens).Select(_ => random.Next(3, vocabularySize)).ToArray();
    }

    /// <summary>Peak resident memory of this process: VmHWM on Linux, else the peak working set.</summary>
    public static long PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>The prompt phase: the whole prompt through <see cref="LlamaModel.ForwardBatch(ReadOnlySpan{int}, int)"/> (chunks of <see cref="LlamaModel.MaxBatchSize"/>).</summary>
    private static void RunPrompt(LlamaModel model, int[] prompt) => model.ForwardBatch(prompt, 0);

    private static void WriteGguf(RandomWeights w, BenchmarkWeightFormat format, IReadOnlyList<KeyValuePair<string, object>> vocabulary, string path)
    {
        var o = w.Options;
        var headSize = o.Dimension / o.Heads;
        var kvDim = o.KeyValueHeads * headSize;
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", "docent-bench-random")
            .Add("general.file_type", format.FileType)
            .Add("llama.context_length", (uint)o.ContextLength)
            .Add("llama.embedding_length", (uint)o.Dimension)
            .Add("llama.block_count", (uint)o.Layers)
            .Add("llama.feed_forward_length", (uint)o.HiddenDimension)
            .Add("llama.rope.dimension_count", (uint)headSize)
            .Add("llama.attention.head_count", (uint)o.Heads)
            .Add("llama.attention.head_count_kv", (uint)o.KeyValueHeads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("llama.rope.freq_base", 10000f)
            .Add("llama.vocab_size", (uint)o.VocabularySize);
        foreach (var (key, value) in vocabulary)
        {
            writer.Add(key, value);
        }

        GgufTensorType Type(WeightRole role, int layer) => format.TypeOf(role, layer, o.Layers);
        writer.AddTensor("token_embd.weight", w.Embedding(), Type(WeightRole.Embedding, 0), o.Dimension, o.VocabularySize);
        for (var l = 0; l < o.Layers; l++)
        {
            var p = $"blk.{l}.";
            writer
                .AddTensor(p + "attn_norm.weight", w.Norm(), GgufTensorType.F32, o.Dimension)
                .AddTensor(p + "attn_q.weight", w.Matrix(WeightRole.Query, l), Type(WeightRole.Query, l), o.Dimension, o.Dimension)
                .AddTensor(p + "attn_k.weight", w.Matrix(WeightRole.Key, l), Type(WeightRole.Key, l), o.Dimension, kvDim)
                .AddTensor(p + "attn_v.weight", w.Matrix(WeightRole.Value, l), Type(WeightRole.Value, l), o.Dimension, kvDim)
                .AddTensor(p + "attn_output.weight", w.Matrix(WeightRole.Output, l), Type(WeightRole.Output, l), o.Dimension, o.Dimension)
                .AddTensor(p + "ffn_norm.weight", w.Norm(), GgufTensorType.F32, o.Dimension)
                .AddTensor(p + "ffn_gate.weight", w.Matrix(WeightRole.Gate, l), Type(WeightRole.Gate, l), o.Dimension, o.HiddenDimension)
                .AddTensor(p + "ffn_down.weight", w.Matrix(WeightRole.Down, l), Type(WeightRole.Down, l), o.HiddenDimension, o.Dimension)
                .AddTensor(p + "ffn_up.weight", w.Matrix(WeightRole.Up, l), Type(WeightRole.Up, l), o.Dimension, o.HiddenDimension);
        }

        writer.AddTensor("output_norm.weight", w.Norm(), GgufTensorType.F32, o.Dimension).Write(path);
    }

    /// <summary>run.c's legacy layout: 7 ints (positive vocabulary: shared classifier), then the weights grouped by kind across layers.</summary>
    private static void WriteLlama2CFloat(RandomWeights w, string path)
    {
        var o = w.Options;
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        WriteInts(stream, o.Dimension, o.HiddenDimension, o.Layers, o.Heads, o.KeyValueHeads, o.VocabularySize, o.ContextLength);
        WriteFloats(stream, w.Embedding());
        WriteRepeated(stream, w.Norm(), o.Layers);
        foreach (var kind in new[] { WeightRole.Query, WeightRole.Key, WeightRole.Value, WeightRole.Output })
        {
            for (var l = 0; l < o.Layers; l++)
            {
                WriteFloats(stream, w.Matrix(kind, l));
            }
        }

        WriteRepeated(stream, w.Norm(), o.Layers);
        foreach (var kind in new[] { WeightRole.Gate, WeightRole.Down, WeightRole.Up })
        {
            for (var l = 0; l < o.Layers; l++)
            {
                WriteFloats(stream, w.Matrix(kind, l));
            }
        }

        WriteFloats(stream, w.Norm());
        WriteFloats(stream, new float[o.ContextLength * (o.Dimension / o.Heads)]); // freq_cis_real and _imag: unused by run.c
    }

    /// <summary>
    /// export.py's version 2: a 256-byte header (magic "ak42", version 2, 7 ints, shared-classifier byte, group size),
    /// the float32 norms, then each matrix as int8 values followed by one float32 scale per group of 64.
    /// </summary>
    private static void WriteLlama2CInt8(RandomWeights w, string path)
    {
        var o = w.Options;
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        var header = new byte[256];
        var ints = MemoryMarshal.Cast<byte, int>(header.AsSpan(0, 36));
        ints[0] = 0x616b3432;
        ints[1] = 2;
        (ints[2], ints[3], ints[4], ints[5], ints[6], ints[7], ints[8]) = (o.Dimension, o.HiddenDimension, o.Layers, o.Heads, o.KeyValueHeads, o.VocabularySize, o.ContextLength);
        header[36] = 1; // shared classifier
        BitConverter.TryWriteBytes(header.AsSpan(37), Llama2CGroupSize);
        stream.Write(header);
        WriteRepeated(stream, w.Norm(), o.Layers);
        WriteRepeated(stream, w.Norm(), o.Layers);
        WriteFloats(stream, w.Norm());
        WriteGroupQuantized(stream, w.Embedding());
        foreach (var kind in new[] { WeightRole.Query, WeightRole.Key, WeightRole.Value, WeightRole.Output, WeightRole.Gate, WeightRole.Down, WeightRole.Up })
        {
            for (var l = 0; l < o.Layers; l++)
            {
                WriteGroupQuantized(stream, w.Matrix(kind, l));
            }
        }
    }

    /// <summary>export.py's quantize_q80: per group, scale = max|w| / 127 and q = round(w / scale).</summary>
    private static void WriteGroupQuantized(Stream stream, float[] values)
    {
        var groups = values.Length / Llama2CGroupSize;
        var quantized = new byte[values.Length];
        var scales = new float[groups];
        for (var g = 0; g < groups; g++)
        {
            var group = values.AsSpan(g * Llama2CGroupSize, Llama2CGroupSize);
            var max = TensorPrimitives.MaxMagnitude(group);
            var scale = MathF.Abs(max) / 127f;
            scales[g] = scale;
            for (var j = 0; j < group.Length; j++)
            {
                quantized[g * Llama2CGroupSize + j] = (byte)(sbyte)MathF.Round(scale == 0 ? 0 : group[j] / scale);
            }
        }

        stream.Write(quantized);
        WriteFloats(stream, scales);
    }

    private static void WriteInts(Stream stream, params int[] values) => stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values) => stream.Write(MemoryMarshal.AsBytes(values));

    private static void WriteRepeated(Stream stream, float[] values, int times)
    {
        for (var i = 0; i < times; i++)
        {
            WriteFloats(stream, values);
        }
    }

    /// <summary>Deterministic uniform weights per (kind, layer), so every file format holds the same values.</summary>
    private sealed class RandomWeights(GenerationBenchmarkOptions options)
    {
        public GenerationBenchmarkOptions Options { get; } = options;

        /// <summary>RMSNorm weights: all ones.</summary>
        public float[] Norm() => Enumerable.Repeat(1f, Options.Dimension).ToArray();

        /// <summary>The embedding (also the classifier): uniform in ±1, with BOS's row shrunk so greedy decoding never stops on it.</summary>
        public float[] Embedding()
        {
            var values = Uniform(WeightRole.Embedding, 0, Options.VocabularySize * Options.Dimension, 1f);
            TensorPrimitives.Multiply(values.AsSpan(BosToken * Options.Dimension, Options.Dimension), 0.01f, values.AsSpan(BosToken * Options.Dimension, Options.Dimension));
            return values;
        }

        /// <summary>A layer's matrix, row-major (output rows × input columns), uniform with unit output variance.</summary>
        public float[] Matrix(WeightRole kind, int layer)
        {
            var o = Options;
            var kvDim = o.KeyValueHeads * (o.Dimension / o.Heads);
            var (rows, columns) = kind switch
            {
                WeightRole.Key or WeightRole.Value => (kvDim, o.Dimension),
                WeightRole.Gate or WeightRole.Up => (o.HiddenDimension, o.Dimension),
                WeightRole.Down => (o.Dimension, o.HiddenDimension),
                _ => (o.Dimension, o.Dimension),
            };
            return Uniform(kind, layer, rows * columns, MathF.Sqrt(3f / columns));
        }

        private float[] Uniform(WeightRole kind, int layer, int count, float scale)
        {
            var values = new float[count];
            var state = (ulong)(uint)Options.Seed * 0x9E3779B97F4A7C15UL ^ ((ulong)kind << 48) ^ ((ulong)layer << 32) ^ 0xD1B54A32D192ED03UL;
            for (var i = 0; i < values.Length; i++)
            {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                var bits = (state * 0x2545F4914F6CDD1DUL) >> 40; // 24 random bits
                values[i] = (bits / 8388608f - 1f) * scale;
            }

            return values;
        }
    }
}
