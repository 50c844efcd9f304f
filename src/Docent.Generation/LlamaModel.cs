using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A llama-family transformer (RMSNorm, RoPE, grouped-query attention with a KV cache, a gated FFN) running in
/// float32 over weights read in place: a GGUF file's tensors (the file must outlive the model) or a memory-mapped
/// llama2.c checkpoint (the model owns the mapping: dispose it). Architectures, as llama.cpp names and lays them out:
/// <c>llama</c> (Llama 2/3, Mistral: RoPE on adjacent pairs, optional sliding window), <c>qwen2</c> (Q/K/V biases,
/// GGML's NEOX RoPE on pairs half a head apart), <c>qwen3</c> (per-head RMSNorm on Q and K), <c>gemma</c> (embeddings
/// scaled by √dim, GELU FFN), <c>gemma2</c> (as gemma, with post-attention and post-FFN norms, soft-capped attention
/// scores and logits, a sliding window on alternate layers), <c>gemma3</c> (Q/K norms, five sliding-window layers
/// with their own RoPE base to each global one) and <c>phi3</c> (fused QKV and gate/up matrices, partial rotation).
/// One instance holds one sequence's state: not thread-safe.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    /// <summary>The most tokens one pass of <see cref="ForwardBatch(ReadOnlySpan{int}, int)"/> runs together (longer prompts go in chunks).</summary>
    public const int MaxBatchSize = 64;

    /// <summary>Below this much attention work (tokens × heads × positions × head size) threads cost more than they save.</summary>
    private const long ParallelAttentionWork = 1 << 16;

    /// <summary>Gemma 3's sliding-window layers rotate with this base whatever the file's <c>rope.freq_base</c> (as llama.cpp does).</summary>
    private const float Gemma3LocalRopeBase = 10000f;

    private static readonly string[] SupportedArchitectures = ["llama", "qwen2", "qwen3", "gemma", "gemma2", "gemma3", "phi3"];

    private readonly Layer[] _layers;
    private readonly WeightMatrix _embedding;
    private readonly float[] _outputNorm;
    private readonly WeightMatrix _output;
    private readonly MatrixMultiplier _multiplier;
    private readonly IDisposable? _owned;
    private readonly bool _neox;
    private readonly Features _features;
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly float[][] _keyCache;
    private readonly float[][] _valueCache;
    private readonly float[] _att;
    private readonly Action<int> _attendChunk;
    private readonly float[]?[] _chunkScores;
    private AttentionJob _attention;
    private int _cacheCapacity;
    private readonly float[] _logits;
    private Scratch _scratch;
    private bool _disposed;

    private LlamaModel(Shape shape, WeightMatrix embedding, float[] outputNorm, WeightMatrix output, Layer[] layers, int threadCount, IDisposable? owned)
    {
        _multiplier = new MatrixMultiplier(threadCount);
        Architecture = shape.Architecture;
        (Dimension, HiddenDimension, LayerCount, HeadCount, KeyValueHeadCount, HeadDimension) =
            (shape.Dimension, shape.HiddenDimension, shape.LayerCount, shape.HeadCount, shape.KeyValueHeadCount, shape.HeadDimension);
        (ContextLength, VocabularySize, Epsilon, RopeTheta, RopeScalingFactor) =
            (shape.ContextLength, shape.VocabularySize, shape.Epsilon, shape.Rope.Theta, shape.Rope.LinearFactor);
        _neox = shape.Rope.Neox;
        _features = shape.Features;
        SlidingWindow = layers.Max(l => l.Window);
        RotaryDimension = 2 * layers[0].Rope.InverseFrequencies.Length;
        _cos = new float[RotaryDimension / 2];
        _sin = new float[RotaryDimension / 2];
        _embedding = embedding;
        _outputNorm = outputNorm;
        _output = output;
        _layers = layers;
        _owned = owned;
        _keyCache = new float[LayerCount][];
        _valueCache = new float[LayerCount][];
        _att = new float[ContextLength];
        _attendChunk = AttendChunk;
        _chunkScores = new float[]?[Math.Max(1, threadCount) * 4];
        _logits = new float[VocabularySize];
        _scratch = new Scratch(this, 1);
    }

    /// <summary>Observes each layer's output (the residual stream) per token; for tests comparing against a reference.</summary>
    internal delegate void LayerObserver(int layer, int position, ReadOnlySpan<float> hidden);

    /// <summary>The GGUF architecture name (<c>llama</c>, <c>qwen2</c>, <c>qwen3</c>, <c>gemma</c>, <c>gemma2</c>, <c>gemma3</c> or <c>phi3</c>; llama2.c checkpoints are <c>llama</c>).</summary>
    public string Architecture { get; }

    /// <summary>The embedding width.</summary>
    public int Dimension { get; }

    /// <summary>The FFN hidden width.</summary>
    public int HiddenDimension { get; }

    /// <summary>The number of transformer blocks.</summary>
    public int LayerCount { get; }

    /// <summary>The number of query heads.</summary>
    public int HeadCount { get; }

    /// <summary>The number of key/value heads (fewer than <see cref="HeadCount"/> under grouped-query attention).</summary>
    public int KeyValueHeadCount { get; }

    /// <summary>The width of one attention head (<c>attention.key_length</c>, else <see cref="Dimension"/> / <see cref="HeadCount"/>).</summary>
    public int HeadDimension { get; }

    /// <summary>The maximum sequence length.</summary>
    public int ContextLength { get; }

    /// <summary>The number of tokens in the vocabulary (rows of the embedding).</summary>
    public int VocabularySize { get; }

    /// <summary>The RMSNorm epsilon.</summary>
    public float Epsilon { get; }

    /// <summary>The RoPE frequency base.</summary>
    public float RopeTheta { get; }

    /// <summary>The linear RoPE scaling factor positions are divided by (1: none).</summary>
    public float RopeScalingFactor { get; }

    /// <summary>How many leading elements of each head RoPE rotates (<c>rope.dimension_count</c>; the whole head but for Phi-4-mini-style partial rotation).</summary>
    public int RotaryDimension { get; }

    /// <summary>How many positions a sliding-window layer attends to (its own included); 0 when every layer sees the whole context.</summary>
    public int SlidingWindow { get; }

    /// <summary>The number of threads each matrix product is split across.</summary>
    public int ThreadCount => _multiplier.ThreadCount;

    /// <summary>Called after every layer with each token's hidden state; null (the default) costs nothing.</summary>
    internal LayerObserver? LayerOutputObserver { get; set; }

    /// <summary>
    /// Binds the weights of a GGUF file of a supported architecture (matrices read in place where their type allows);
    /// <paramref name="file"/> must outlive the model. Throws <see cref="InvalidDataException"/> naming the file and
    /// the key or tensor when something is missing, misshapen or unsupported.
    /// </summary>
    public static LlamaModel Load(GgufFile file, int threadCount = 1)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = file.Architecture;
        if (Array.IndexOf(SupportedArchitectures, arch) < 0)
        {
            throw new InvalidDataException(
                $"'{file.Path}' uses the model architecture '{arch}', which is not supported (supported: {string.Join(", ", SupportedArchitectures)}).");
        }

        string Key(string name) => arch + "." + name;
        int Int(string name)
        {
            var value = file.GetInteger(Key(name));
            return value is >= 0 and <= int.MaxValue ? (int)value : throw file.Corrupt($"metadata '{Key(name)}' is {value}");
        }

        bool Has(string name) => file.Metadata.ContainsKey(Key(name));
        float Positive(string name, float fallback)
        {
            var value = file.GetFloat(Key(name), fallback);
            return value > 0f && float.IsFinite(value) ? value : throw file.Corrupt($"metadata '{Key(name)}' is {value.ToString(CultureInfo.InvariantCulture)}");
        }

        var dim = Int("embedding_length");
        var heads = Int("attention.head_count");
        var kvHeads = Has("attention.head_count_kv") ? Int("attention.head_count_kv") : heads;
        var headDim = Has("attention.key_length") ? Int("attention.key_length") : heads > 0 && dim % heads == 0 ? dim / heads : 0;
        if (Has("attention.value_length") && Int("attention.value_length") != headDim)
        {
            throw file.Corrupt($"metadata '{Key("attention.value_length")}' ({Int("attention.value_length")}) differs from the key length ({headDim}), which is not supported");
        }

        // Partial rotation (only the first rope.dimension_count elements of a head turn) as llama.cpp allows it for phi3.
        var rotaryDim = Has("rope.dimension_count") ? Int("rope.dimension_count") : headDim;
        if (rotaryDim != headDim && (arch != "phi3" || rotaryDim <= 0 || rotaryDim > headDim || rotaryDim % 2 != 0))
        {
            throw file.Corrupt(arch != "phi3"
                ? $"metadata '{Key("rope.dimension_count")}' is {rotaryDim} but heads are {headDim} wide; partial rotary embeddings are supported for phi3 only"
                : $"metadata '{Key("rope.dimension_count")}' is {rotaryDim}, which is not an even width within the heads' {headDim}");
        }

        var embedding = file.GetMatrix("token_embd.weight");
        if (embedding.Columns != dim)
        {
            throw file.Corrupt($"tensor 'token_embd.weight' has rows of {embedding.Columns} elements, expected {dim}");
        }

        var layerCount = Int("block_count");
        var rope = ReadRope(file, arch, rotaryDim);
        var context = Int("context_length");
        if (rope.OriginalContext is { } original)
        {
            // LongRoPE (Phi-3 128k): within the original context llama.cpp rotates by the short factors; past it the
            // long ones would apply, which this engine does not do, so the context stops there.
            context = Math.Min(context, original);
        }

        var gemma = arch is "gemma" or "gemma2" or "gemma3";
        var postNorms = arch is "gemma2" or "gemma3";

        // Gemma's 27B models scale queries by 1/√(embedding / heads) (query_pre_attn_scalar) rather than 1/√(head size);
        // llama.cpp recognises them by their layer count, as this does (the converter writes no key for it).
        var largeGemma = (arch == "gemma2" && layerCount == 46) || (arch == "gemma3" && layerCount == 62);
        var features = new Features(
            EmbeddingScale: gemma ? MathF.Sqrt(dim) : 1f,
            GeluFfn: gemma,
            AttentionScale: 1f / MathF.Sqrt(largeGemma && heads > 0 ? dim / heads : headDim),
            AttentionSoftCap: arch == "gemma2" ? Positive("attn_logit_softcapping", 50f) : 0f,
            FinalSoftCap: arch == "gemma2" ? Positive("final_logit_softcapping", 30f) : 0f);
        var shape = new Shape(
            arch, dim, Int("feed_forward_length"), layerCount, heads, kvHeads, headDim, context, embedding.Rows,
            file.GetFloat(Key("attention.layer_norm_rms_epsilon"), 1e-5f), rope, features);
        if (shape.Check() is { } problem)
        {
            throw file.Corrupt(problem);
        }

        // Sliding windows as llama.cpp applies them: Gemma 2 on even layers (4096 unless the file says), Gemma 3 on five
        // layers of every six (the sixth is global), a llama-architecture Mistral on every layer when its file gives one.
        // (llama.cpp ignores phi3's window, so this does too.)
        var window = arch switch
        {
            "gemma2" => Has("attention.sliding_window") ? Int("attention.sliding_window") : 4096,
            "gemma3" => Int("attention.sliding_window"),
            "llama" when Has("attention.sliding_window") => Int("attention.sliding_window"),
            _ => 0,
        };
        bool Sliding(int layer) => window > 0 && arch switch
        {
            "gemma2" => layer % 2 == 0,
            "gemma3" => layer % 6 < 5,
            _ => true,
        };

        var globalRope = new RotaryFrequencies(InverseFrequencies(rope.Theta, rotaryDim, rope.FrequencyFactors), 1f / rope.LinearFactor, rope.Magnitude);
        var localRope = arch == "gemma3" ? new RotaryFrequencies(InverseFrequencies(Gemma3LocalRopeBase, rotaryDim, null), 1f, rope.Magnitude) : globalRope;

        int qDim = shape.QueryDimension, kvDim = shape.KeyValueDimension, hidden = shape.HiddenDimension;
        var biasesRequired = arch == "qwen2";
        var headNorms = arch is "qwen3" or "gemma3";
        float[]? Bias(string name, int length) =>
            biasesRequired || file.Tensors.ContainsKey(name) ? Vector(file, name, length) : null;

        var layers = new Layer[shape.LayerCount];
        for (var l = 0; l < layers.Length; l++)
        {
            var p = $"blk.{l}.";
            var fusedQkv = arch == "phi3" && file.Tensors.ContainsKey(p + "attn_qkv.weight");
            var fusedGateUp = arch == "phi3" && !file.Tensors.ContainsKey(p + "ffn_gate.weight");
            layers[l] = new Layer
            {
                AttentionNorm = Vector(file, p + "attn_norm.weight", dim),
                QueryKeyValue = fusedQkv ? Matrix(file, p + "attn_qkv.weight", qDim + (2 * kvDim), dim) : null,
                Query = fusedQkv ? null : Matrix(file, p + "attn_q.weight", qDim, dim),
                Key = fusedQkv ? null : Matrix(file, p + "attn_k.weight", kvDim, dim),
                Value = fusedQkv ? null : Matrix(file, p + "attn_v.weight", kvDim, dim),
                QueryBias = Bias(p + "attn_q.bias", qDim),
                KeyBias = Bias(p + "attn_k.bias", kvDim),
                ValueBias = Bias(p + "attn_v.bias", kvDim),
                QueryNorm = headNorms ? Vector(file, p + "attn_q_norm.weight", headDim) : null,
                KeyNorm = headNorms ? Vector(file, p + "attn_k_norm.weight", headDim) : null,
                AttentionOutput = Matrix(file, p + "attn_output.weight", dim, qDim),
                PostAttentionNorm = postNorms ? Vector(file, p + "post_attention_norm.weight", dim) : null,
                FfnNorm = Vector(file, p + "ffn_norm.weight", dim),
                Gate = fusedGateUp ? null : Matrix(file, p + "ffn_gate.weight", hidden, dim),
                Up = Matrix(file, p + "ffn_up.weight", fusedGateUp ? 2 * hidden : hidden, dim),
                Down = Matrix(file, p + "ffn_down.weight", dim, hidden),
                PostFfnNorm = postNorms ? Vector(file, p + "post_ffw_norm.weight", dim) : null,
                Window = Sliding(l) ? window : 0,
                Rope = Sliding(l) ? localRope : globalRope,
            };
        }

        var output = file.Tensors.ContainsKey("output.weight") ? Matrix(file, "output.weight", shape.VocabularySize, dim) : embedding;
        return new LlamaModel(shape, embedding, Vector(file, "output_norm.weight", dim), output, layers, threadCount, owned: null);
    }

    /// <summary>
    /// Maps a llama2.c checkpoint (<c>run.c</c>'s legacy format, or <c>export.py</c>'s version 1 with the "ak42"
    /// magic) and reads its weights in place; the model owns the mapping until disposed. Throws
    /// <see cref="InvalidDataException"/> naming the file when it does not fit.
    /// </summary>
    public static LlamaModel LoadLlama2C(string path, int threadCount = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        InvalidDataException Bad(string why) => new($"'{path}' is not a valid llama2.c checkpoint: {why}.");
        var length = new FileInfo(path).Length;
        if (length < 28)
        {
            throw Bad("it is shorter than its header (truncated)");
        }

        var mapping = MappedFileView.Open(path, length);
        try
        {
            return LoadLlama2C(mapping, Bad, threadCount);
        }
        catch
        {
            mapping.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs token <paramref name="token"/> at position <paramref name="position"/> and returns the logits (valid until
    /// the next call); throws <see cref="ContextFullException"/> when the position is past the context.
    /// </summary>
    public ReadOnlySpan<float> Forward(int token, int position) => ForwardBatch([token], position);

    /// <summary>
    /// Runs the tokens at positions <paramref name="startPosition"/> onward (a prompt chunk: each weight multiplies
    /// up to <see cref="MaxBatchSize"/> tokens at once) and returns the last token's logits (valid until the next call).
    /// </summary>
    public ReadOnlySpan<float> ForwardBatch(scoped ReadOnlySpan<int> tokens, int startPosition)
    {
        Run(tokens, startPosition, []);
        return _logits;
    }

    /// <summary>
    /// As <see cref="ForwardBatch(ReadOnlySpan{int}, int)"/>, writing every token's logits into
    /// <paramref name="allLogits"/> (<c>tokens.Length × VocabularySize</c> floats, row by row), as perplexity needs.
    /// </summary>
    public void ForwardBatch(ReadOnlySpan<int> tokens, int startPosition, Span<float> allLogits)
    {
        if (allLogits.Length < (long)tokens.Length * VocabularySize)
        {
            throw new ArgumentException($"{allLogits.Length} floats cannot hold {tokens.Length} × {VocabularySize} logits.", nameof(allLogits));
        }

        if (!tokens.IsEmpty)
        {
            Run(tokens, startPosition, allLogits);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _multiplier.Dispose();
        _owned?.Dispose();
    }

    /// <summary>RMSNorm: <c>output = x / sqrt(mean(x²) + eps) * weight</c>; output may alias x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RmsNorm(Span<float> output, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float epsilon)
    {
        var ss = TensorPrimitives.SumOfSquares(x) / x.Length + epsilon;
        var inv = 1f / MathF.Sqrt(ss);
        TensorPrimitives.Multiply(x, inv, output);
        TensorPrimitives.Multiply(output, weight, output);
    }

    /// <summary>
    /// The cos/sin table for <paramref name="position"/>: angle j is <c>position × positionScale × inverseFrequencies[j]</c>,
    /// both scaled by <paramref name="magnitude"/> (GGML's RoPE attention factor; 1 for most models).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RopeTable(int position, float positionScale, ReadOnlySpan<float> inverseFrequencies, Span<float> cos, Span<float> sin, float magnitude = 1f)
    {
        var p = position * positionScale;
        for (var j = 0; j < inverseFrequencies.Length; j++)
        {
            var (sine, cosine) = MathF.SinCos(p * inverseFrequencies[j]);
            (sin[j], cos[j]) = magnitude == 1f ? (sine, cosine) : (sine * magnitude, cosine * magnitude);
        }
    }

    /// <summary>Pair j of a head turns at <c>theta^(-2j/rotaryDim) / factors[j]</c> radians per position (the same float operations as llama2.c's run.c, so its checkpoints reproduce exactly).</summary>
    private static float[] InverseFrequencies(float theta, int rotaryDim, float[]? factors)
    {
        var result = new float[rotaryDim / 2];
        for (var j = 0; j < result.Length; j++)
        {
            result[j] = 1f / MathF.Pow(theta, 2 * j / (float)rotaryDim);
            if (factors is not null)
            {
                result[j] /= factors[j];
            }
        }

        return result;
    }

    /// <summary>
    /// Rotates every head of <paramref name="v"/> by the table's angles: pairs (2j, 2j+1) as llama2.c and GGML's
    /// normal mode do, or (j, j + r/2) in GGML's NEOX mode, where r (twice the table's length, the head size unless
    /// rotation is partial) elements of each head turn and the rest are left as they are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ApplyRope(Span<float> v, int headSize, bool neox, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        var half = cos.Length;
        for (var head = 0; head < v.Length; head += headSize)
        {
            var hv = v.Slice(head, headSize);
            for (var j = 0; j < half; j++)
            {
                var (i0, i1) = neox ? (j, j + half) : (2 * j, 2 * j + 1);
                var a = hv[i0];
                var b = hv[i1];
                hv[i0] = a * cos[j] - b * sin[j];
                hv[i1] = a * sin[j] + b * cos[j];
            }
        }
    }

    private static RopeSettings ReadRope(GgufFile file, string arch, int rotaryDim)
    {
        var theta = file.GetFloat(arch + ".rope.freq_base", 10000f);
        if (!(theta > 1f) || float.IsInfinity(theta))
        {
            throw file.Corrupt($"metadata '{arch}.rope.freq_base' is {theta.ToString(CultureInfo.InvariantCulture)}");
        }

        var typeKey = arch + ".rope.scaling.type";
        var type = file.Metadata.ContainsKey(typeKey) ? file.GetString(typeKey) : null;
        var factor = 1f;
        switch (type)
        {
            case null or "none":
                // Older converters wrote a bare linear factor.
                factor = file.GetFloat(arch + ".rope.scale_linear", 1f);
                break;
            case "linear":
                factor = file.GetFloat(arch + ".rope.scaling.factor", 0f);
                factor = factor == 0f ? file.GetFloat(arch + ".rope.scale_linear", 1f) : factor;
                break;
            case "longrope" when arch == "phi3":
                break;
            default:
                throw file.Corrupt($"RoPE scaling type '{type}' ({typeKey}) is not supported (none and linear are, and longrope for phi3 within its original context)");
        }

        if (!(factor > 0f) || float.IsInfinity(factor))
        {
            throw file.Corrupt($"the linear RoPE scaling factor is {factor.ToString(CultureInfo.InvariantCulture)}");
        }

        float[]? Factors(string name)
        {
            var factors = Vector(file, name, rotaryDim / 2);
            return Array.Exists(factors, f => !(f > 0f) || float.IsInfinity(f))
                ? throw file.Corrupt($"tensor '{name}' holds a factor that is not positive and finite")
                : factors;
        }

        var frequencyFactors = file.Tensors.ContainsKey("rope_freqs.weight") ? Factors("rope_freqs.weight") : null;
        int? originalContext = null;
        if (frequencyFactors is null && (file.Tensors.ContainsKey("rope_factors_short.weight") || type == "longrope"))
        {
            // LongRoPE: within the original context llama.cpp divides the frequencies by the short factors.
            var originalKey = arch + ".rope.scaling.original_context_length";
            originalContext = file.Metadata.ContainsKey(originalKey) && file.GetInteger(originalKey) is > 0 and <= int.MaxValue and var value
                ? (int)value
                : throw file.Corrupt($"LongRoPE factors need metadata '{originalKey}' (the context the short factors hold for), which is missing or not positive");
            frequencyFactors = Factors("rope_factors_short.weight");
        }

        var magnitude = file.GetFloat(arch + ".rope.scaling.attn_factor", 1f);
        if (!(magnitude > 0f) || float.IsInfinity(magnitude))
        {
            throw file.Corrupt($"metadata '{arch}.rope.scaling.attn_factor' is {magnitude.ToString(CultureInfo.InvariantCulture)}");
        }

        return new RopeSettings(theta, arch != "llama", factor, frequencyFactors, magnitude, originalContext);
    }

    private static unsafe LlamaModel LoadLlama2C(MappedFileView mapping, Func<string, InvalidDataException> bad, int threadCount)
    {
        var floatCount = mapping.Length / 4;
        var all = (float*)mapping.Pointer;
        var ints = new ReadOnlySpan<int>(all, (int)Math.Min(9, floatCount));
        var version1 = ints[0] == 0x616b3432;
        if (version1 && ints.Length < 9)
        {
            throw bad("it is shorter than its header (truncated)");
        }

        if (version1 && ints[1] != 1)
        {
            throw bad($"version {ints[1]} is not supported (legacy and version 1 are)");
        }

        var h = version1 ? ints.Slice(2, 7) : ints[..7];
        var shared = version1 ? mapping.Length > 36 && ((byte*)all)[36] != 0 : h[5] > 0;
        var headDim = h[3] > 0 && h[0] % h[3] == 0 ? h[0] / h[3] : 0;
        var shape = new Shape(
            "llama", h[0], h[1], h[2], h[3], h[4], headDim, h[6], h[5] == int.MinValue ? 0 : Math.Abs(h[5]), 1e-5f,
            new RopeSettings(10000f, Neox: false, LinearFactor: 1f, FrequencyFactors: null, Magnitude: 1f, OriginalContext: null),
            Features.Plain(headDim));
        if (shape.Check() is { } problem)
        {
            throw bad(problem);
        }

        long position = version1 ? 256 / 4 : 7;
        int dim = shape.Dimension, hidden = shape.HiddenDimension, layers = shape.LayerCount, kvDim = shape.KeyValueDimension;
        float*[] Take(int count, long each)
        {
            var result = new float*[count];
            for (var i = 0; i < count; i++)
            {
                if (position + each > floatCount)
                {
                    throw bad("its weights end early (truncated)");
                }

                result[i] = all + position;
                position += each;
            }

            return result;
        }

        F32WeightMatrix[] Matrices(float*[] pointers, int rows, int columns)
        {
            var result = new F32WeightMatrix[pointers.Length];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new F32WeightMatrix(pointers[i], rows, columns, mapping);
            }

            return result;
        }

        float[][] Vectors(float*[] pointers, int length)
        {
            var result = new float[pointers.Length][];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new ReadOnlySpan<float>(pointers[i], length).ToArray();
            }

            return result;
        }

        float*[] attentionNorm, ffnNorm, wq, wk, wv, wo, w1, w2, w3;
        float* embedding, finalNorm;
        var vocabularyFloats = (long)shape.VocabularySize * dim;
        if (version1)
        {
            attentionNorm = Take(layers, dim);
            ffnNorm = Take(layers, dim);
            finalNorm = Take(1, dim)[0];
            embedding = Take(1, vocabularyFloats)[0];
            (wq, wk, wv, wo) = (Take(layers, dim * dim), Take(layers, kvDim * dim), Take(layers, kvDim * dim), Take(layers, dim * dim));
            (w1, w2, w3) = (Take(layers, (long)hidden * dim), Take(layers, (long)dim * hidden), Take(layers, (long)hidden * dim));
        }
        else
        {
            embedding = Take(1, vocabularyFloats)[0];
            attentionNorm = Take(layers, dim);
            (wq, wk, wv, wo) = (Take(layers, dim * dim), Take(layers, kvDim * dim), Take(layers, kvDim * dim), Take(layers, dim * dim));
            ffnNorm = Take(layers, dim);
            (w1, w2, w3) = (Take(layers, (long)hidden * dim), Take(layers, (long)dim * hidden), Take(layers, (long)hidden * dim));
            finalNorm = Take(1, dim)[0];
            Take(2, (long)shape.ContextLength * shape.HeadDimension / 2); // freq_cis_real and freq_cis_imag, unused
        }

        var output = shared ? embedding : Take(1, vocabularyFloats)[0];
        var (q, k, v, o) = (Matrices(wq, dim, dim), Matrices(wk, kvDim, dim), Matrices(wv, kvDim, dim), Matrices(wo, dim, dim));
        var (gate, down, up) = (Matrices(w1, hidden, dim), Matrices(w2, dim, hidden), Matrices(w3, hidden, dim));
        var (attentionNorms, ffnNorms) = (Vectors(attentionNorm, dim), Vectors(ffnNorm, dim));
        var blocks = new Layer[layers];
        var rope = new RotaryFrequencies(InverseFrequencies(10000f, shape.HeadDimension, null), 1f, 1f);
        for (var l = 0; l < layers; l++)
        {
            blocks[l] = new Layer
            {
                AttentionNorm = attentionNorms[l],
                Query = q[l],
                Key = k[l],
                Value = v[l],
                AttentionOutput = o[l],
                FfnNorm = ffnNorms[l],
                Gate = gate[l],
                Down = down[l],
                Up = up[l],
                Rope = rope,
            };
        }

        var embeddingMatrix = new F32WeightMatrix(embedding, shape.VocabularySize, dim, mapping);
        var outputMatrix = shared ? embeddingMatrix : new F32WeightMatrix(output, shape.VocabularySize, dim, mapping);
        return new LlamaModel(
            shape, embeddingMatrix, new ReadOnlySpan<float>(finalNorm, dim).ToArray(), outputMatrix, blocks, threadCount, mapping);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SoftMax(Span<float> x)
    {
        var max = TensorPrimitives.Max(x);
        var sum = 0f;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = MathF.Exp(x[i] - max);
            sum += x[i];
        }

        TensorPrimitives.Divide(x, sum, x);
    }

    private static WeightMatrix Matrix(GgufFile file, string name, int rows, int columns)
    {
        var matrix = file.GetMatrix(name);
        return matrix.Rows == rows && matrix.Columns == columns
            ? matrix
            : throw file.Corrupt($"tensor '{name}' is {matrix.Rows} × {matrix.Columns}, expected {rows} × {columns}");
    }

    private static float[] Vector(GgufFile file, string name, int length)
    {
        var info = file.Tensors.TryGetValue(name, out var t) ? t : throw file.Corrupt($"tensor '{name}' is missing");
        return info.ElementCount == length ? file.ReadFloats(name) : throw file.Corrupt($"tensor '{name}' has {info.ElementCount} elements, expected {length}");
    }

    /// <summary>
    /// The forward pass for <paramref name="tokens"/> at consecutive positions from <paramref name="start"/>, in chunks
    /// of at most <see cref="MaxBatchSize"/>; writes every row's logits to <paramref name="allLogits"/> when it is not
    /// empty, else the last token's to <see cref="_logits"/>.
    /// </summary>
    private void Run(ReadOnlySpan<int> tokens, int start, Span<float> allLogits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfZero(tokens.Length, nameof(tokens));
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if ((long)start + tokens.Length > ContextLength)
        {
            throw new ContextFullException(ContextLength, start, tokens.Length);
        }

        foreach (var token in tokens)
        {
            if ((uint)token >= (uint)VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token ids must lie in [0, {VocabularySize}).");
            }
        }

        for (var done = 0; done < tokens.Length; done += MaxBatchSize)
        {
            var count = Math.Min(MaxBatchSize, tokens.Length - done);
            var logits = allLogits.IsEmpty ? [] : allLogits.Slice(done * VocabularySize, count * VocabularySize);
            RunChunk(tokens.Slice(done, count), start + done, logits, last: done + count == tokens.Length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunChunk(ReadOnlySpan<int> tokens, int start, Span<float> allLogits, bool last)
    {
        var n = tokens.Length;
        if (_scratch.Capacity < n)
        {
            _scratch = new Scratch(this, Math.Max(n, Math.Min(MaxBatchSize, _scratch.Capacity * 2)));
        }

        var s = _scratch;
        int dim = Dimension, headSize = HeadDimension, qDim = HeadCount * headSize, kvDim = KeyValueHeadCount * headSize, hiddenDim = HiddenDimension;
        var x = s.X.AsSpan(0, n * dim);
        var xb = s.Xb.AsSpan(0, n * dim);
        var xb2 = s.Xb2.AsSpan(0, n * dim);
        var q = s.Q.AsSpan(0, n * qDim);
        var attended = s.Attended.AsSpan(0, n * qDim);
        var k = s.K.AsSpan(0, n * kvDim);
        var v = s.V.AsSpan(0, n * kvDim);
        var hb = s.Hb.AsSpan(0, n * hiddenDim);
        var hb2 = s.Hb2.AsSpan(0, n * hiddenDim);
        for (var i = 0; i < n; i++)
        {
            _embedding.ReadRow(tokens[i], x.Slice(i * dim, dim));
        }

        if (_features.EmbeddingScale != 1f)
        {
            TensorPrimitives.Multiply(x, _features.EmbeddingScale, x);
        }

        EnsureCacheCapacity(start + n);
        for (var l = 0; l < LayerCount; l++)
        {
            var w = _layers[l];
            var kc = _keyCache[l];
            var vc = _valueCache[l];
            NormRows(xb, x, n, w.AttentionNorm);
            if (w.QueryKeyValue is { } fused)
            {
                // Phi-3's one matrix: each token's row holds its query, then key, then value.
                var qkvDim = qDim + (2 * kvDim);
                var qkv = s.Fused!.AsSpan(0, n * qkvDim);
                Project(fused, xb, n, qkv);
                for (var i = 0; i < n; i++)
                {
                    var row = qkv.Slice(i * qkvDim, qkvDim);
                    row[..qDim].CopyTo(q.Slice(i * qDim, qDim));
                    row.Slice(qDim, kvDim).CopyTo(k.Slice(i * kvDim, kvDim));
                    row.Slice(qDim + kvDim, kvDim).CopyTo(v.Slice(i * kvDim, kvDim));
                }
            }
            else
            {
                _multiplier.MultiplyShared(xb, n == 1 ? 0 : n, w.Query!, q, w.Key!, k, w.Value!, v);
            }

            for (var i = 0; i < n; i++)
            {
                var qi = q.Slice(i * qDim, qDim);
                var ki = k.Slice(i * kvDim, kvDim);
                var vi = v.Slice(i * kvDim, kvDim);
                AddBias(qi, w.QueryBias);
                AddBias(ki, w.KeyBias);
                AddBias(vi, w.ValueBias);
                NormHeads(qi, w.QueryNorm);
                NormHeads(ki, w.KeyNorm);
                RopeTable(start + i, w.Rope.PositionScale, w.Rope.InverseFrequencies, _cos, _sin, w.Rope.Magnitude);
                ApplyRope(qi, headSize, _neox, _cos, _sin);
                ApplyRope(ki, headSize, _neox, _cos, _sin);
                ki.CopyTo(kc.AsSpan((start + i) * kvDim));
                vi.CopyTo(vc.AsSpan((start + i) * kvDim));
            }

            var window = w.Window;
            if (ThreadCount > 1 && (long)n * HeadCount * Math.Min(start + n, window > 0 ? window : int.MaxValue) * headSize >= ParallelAttentionWork)
            {
                // On the multiplier's threads, each chunk a run of (token, head) jobs with its own score buffer.
                _attention = new AttentionJob(kc, vc, start, window, n * HeadCount, Math.Min(n * HeadCount, ThreadCount * 4));
                _multiplier.RunChunks(_attention.Chunks, _attendChunk);
            }
            else
            {
                for (var job = 0; job < n * HeadCount; job++)
                {
                    Attend(s.Q, s.Attended, kc, vc, job / HeadCount, job % HeadCount, start, window, _att);
                }
            }

            Project(w.AttentionOutput, attended, n, xb2);
            if (w.PostAttentionNorm is { } postAttention)
            {
                NormRows(xb2, xb2, n, postAttention);
            }

            TensorPrimitives.Add(x, xb2, x);
            NormRows(xb, x, n, w.FfnNorm);
            if (w.Gate is { } gate)
            {
                _multiplier.MultiplyShared(xb, n == 1 ? 0 : n, gate, hb, w.Up, hb2);
            }
            else
            {
                // Phi-3's fused matrix: each token's row holds the gate, then the up projection.
                var gateUp = s.Fused!.AsSpan(0, n * 2 * hiddenDim);
                Project(w.Up, xb, n, gateUp);
                for (var i = 0; i < n; i++)
                {
                    gateUp.Slice(i * 2 * hiddenDim, hiddenDim).CopyTo(hb.Slice(i * hiddenDim, hiddenDim));
                    gateUp.Slice((i * 2 * hiddenDim) + hiddenDim, hiddenDim).CopyTo(hb2.Slice(i * hiddenDim, hiddenDim));
                }
            }

            if (_features.GeluFfn)
            {
                for (var i = 0; i < hb.Length; i++)
                {
                    hb[i] = GeluTanh(hb[i]) * hb2[i];
                }
            }
            else
            {
                // SwiGLU, g · sigmoid(g) · up, vectorised (it runs on one thread between the parallel products).
                TensorPrimitives.Multiply(hb2, hb, hb2);
                TensorPrimitives.Sigmoid(hb, hb);
                TensorPrimitives.Multiply(hb, hb2, hb);
            }

            Project(w.Down, hb, n, xb);
            if (w.PostFfnNorm is { } postFfn)
            {
                NormRows(xb, xb, n, postFfn);
            }

            TensorPrimitives.Add(x, xb, x);
            if (LayerOutputObserver is { } observe)
            {
                for (var i = 0; i < n; i++)
                {
                    observe(l, start + i, x.Slice(i * dim, dim));
                }
            }
        }

        if (!allLogits.IsEmpty)
        {
            NormRows(x, x, n, _outputNorm);
            Project(_output, x, n, allLogits);
            SoftCap(allLogits, _features.FinalSoftCap);
            if (last)
            {
                allLogits.Slice((n - 1) * VocabularySize, VocabularySize).CopyTo(_logits);
            }
        }
        else if (last)
        {
            var final = x.Slice((n - 1) * dim, dim);
            RmsNorm(final, final, _outputNorm, Epsilon);
            _multiplier.Multiply(_output, final, _logits);
            SoftCap(_logits, _features.FinalSoftCap);
        }
    }

    /// <summary>GELU in the tanh form GGML and Gemma use: <c>x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))</c>.</summary>
    internal static float GeluTanh(float x) => 0.5f * x * (1f + MathF.Tanh(0.7978845608f * (x + (0.044715f * x * x * x))));

    /// <summary><c>cap · tanh(v / cap)</c> in place (Gemma 2's soft-capping); nothing when <paramref name="cap"/> is 0.</summary>
    private static void SoftCap(Span<float> values, float cap)
    {
        if (cap > 0f)
        {
            TensorPrimitives.Divide(values, cap, values);
            TensorPrimitives.Tanh(values, values);
            TensorPrimitives.Multiply(values, cap, values);
        }
    }

    /// <summary>RMSNorm of each of the <paramref name="count"/> rows of <paramref name="x"/> into <paramref name="output"/> (may alias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NormRows(Span<float> output, ReadOnlySpan<float> x, int count, float[] weight)
    {
        var width = weight.Length;
        for (var i = 0; i < count; i++)
        {
            RmsNorm(output.Slice(i * width, width), x.Slice(i * width, width), weight, Epsilon);
        }
    }

    /// <summary>RMSNorm of each head of <paramref name="v"/> in place (Qwen 3's and Gemma 3's Q/K norms); nothing when <paramref name="weight"/> is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NormHeads(Span<float> v, float[]? weight)
    {
        if (weight is not null)
        {
            for (var head = 0; head < v.Length; head += weight.Length)
            {
                var h = v.Slice(head, weight.Length);
                RmsNorm(h, h, weight, Epsilon);
            }
        }
    }

    /// <summary>
    /// Causal attention of chunk token <paramref name="i"/> (at <c>start + i</c>), head <paramref name="h"/>, over
    /// the cached keys and values up to its own position (the last <paramref name="window"/> of them when that is not
    /// 0); <paramref name="att"/> is scratch of the context's length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Attend(float[] q, float[] attended, float[] kc, float[] vc, int i, int h, int start, int window, float[] att)
    {
        var headSize = HeadDimension;
        var qDim = HeadCount * headSize;
        var kvDim = KeyValueHeadCount * headSize;
        var position = start + i;
        var first = window > 0 ? Math.Max(0, position - window + 1) : 0;
        var scale = _features.AttentionScale;
        var qh = q.AsSpan(i * qDim + h * headSize, headSize);
        var kvOffset = h / (HeadCount / KeyValueHeadCount) * headSize;
        var scores = att.AsSpan(0, position + 1 - first);
        for (var t = first; t <= position; t++)
        {
            scores[t - first] = TensorPrimitives.Dot(qh, kc.AsSpan(t * kvDim + kvOffset, headSize)) * scale;
        }

        SoftCap(scores, _features.AttentionSoftCap);
        SoftMax(scores);
        var output = attended.AsSpan(i * qDim + h * headSize, headSize);
        output.Clear();
        for (var t = first; t <= position; t++)
        {
            TensorPrimitives.MultiplyAdd(vc.AsSpan(t * kvDim + kvOffset, headSize), scores[t - first], output, output);
        }
    }

    /// <summary>One chunk of the attention job in <see cref="_attention"/>: its share of the (token, head) pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AttendChunk(int chunk)
    {
        var job = _attention;
        var scores = _chunkScores[chunk];
        if (scores is null || scores.Length < _cacheCapacity)
        {
            scores = _chunkScores[chunk] = new float[_cacheCapacity];
        }

        var from = (int)((long)job.Jobs * chunk / job.Chunks);
        var to = (int)((long)job.Jobs * (chunk + 1) / job.Chunks);
        for (var j = from; j < to; j++)
        {
            Attend(_scratch.Q, _scratch.Attended, job.Keys, job.Values, j / HeadCount, j % HeadCount, job.Start, job.Window, scores);
        }
    }

    /// <summary>Grows every layer's KV cache to hold <paramref name="length"/> positions (doubling, capped at the context).</summary>
    private void EnsureCacheCapacity(int length)
    {
        if (length <= _cacheCapacity)
        {
            return;
        }

        var capacity = (int)Math.Min(ContextLength, Math.Max(length, Math.Max(256, 2L * _cacheCapacity)));
        var kvDim = KeyValueHeadCount * HeadDimension;
        for (var l = 0; l < LayerCount; l++)
        {
            Array.Resize(ref _keyCache[l], capacity * kvDim);
            Array.Resize(ref _valueCache[l], capacity * kvDim);
        }

        _cacheCapacity = capacity;
    }

    /// <summary>One product per weight for the whole chunk (a plain matrix-vector product for a single token).</summary>
    private void Project(WeightMatrix w, ReadOnlySpan<float> xs, int count, Span<float> outputs)
    {
        if (count == 1)
        {
            _multiplier.Multiply(w, xs, outputs);
        }
        else
        {
            _multiplier.MultiplyBatch(w, xs, count, outputs);
        }
    }

    private static void AddBias(Span<float> v, float[]? bias)
    {
        if (bias is not null)
        {
            TensorPrimitives.Add(v, bias, v);
        }
    }

    /// <summary>One transformer block's weights: Q/K/V separate or fused (Phi-3), gate and up separate or fused (Phi-3, <see cref="Gate"/> null), optional biases and norms; its attention window and RoPE frequencies.</summary>
    private sealed class Layer
    {
        public required float[] AttentionNorm { get; init; }

        public WeightMatrix? QueryKeyValue { get; init; }

        public WeightMatrix? Query { get; init; }

        public WeightMatrix? Key { get; init; }

        public WeightMatrix? Value { get; init; }

        public float[]? QueryBias { get; init; }

        public float[]? KeyBias { get; init; }

        public float[]? ValueBias { get; init; }

        public float[]? QueryNorm { get; init; }

        public float[]? KeyNorm { get; init; }

        public required WeightMatrix AttentionOutput { get; init; }

        public float[]? PostAttentionNorm { get; init; }

        public required float[] FfnNorm { get; init; }

        public WeightMatrix? Gate { get; init; }

        public required WeightMatrix Up { get; init; }

        public required WeightMatrix Down { get; init; }

        public float[]? PostFfnNorm { get; init; }

        /// <summary>Positions attended to (its own included); 0: all.</summary>
        public int Window { get; init; }

        public required RotaryFrequencies Rope { get; init; }
    }

    /// <summary>One layer kind's RoPE: per-pair angular speeds, the position divisor's inverse, the cos/sin scale.</summary>
    private sealed record RotaryFrequencies(float[] InverseFrequencies, float PositionScale, float Magnitude);

    /// <summary>
    /// RoPE settings: frequency base, NEOX pairing, linear position scaling, per-pair frequency divisors, the cos/sin
    /// scale (<c>rope.scaling.attn_factor</c>), and for LongRoPE the context its short factors hold for.
    /// </summary>
    private sealed record RopeSettings(float Theta, bool Neox, float LinearFactor, float[]? FrequencyFactors, float Magnitude, int? OriginalContext);

    /// <summary>What sets an architecture's arithmetic apart: embedding scale, FFN activation, attention scale, soft caps (0: none).</summary>
    private sealed record Features(float EmbeddingScale, bool GeluFfn, float AttentionScale, float AttentionSoftCap, float FinalSoftCap)
    {
        public static Features Plain(int headDim) => new(1f, false, 1f / MathF.Sqrt(headDim), 0f, 0f);
    }

    /// <summary>The attention of one layer over one chunk of tokens, shared by the threads that run its (token, head) pairs.</summary>
    private readonly record struct AttentionJob(float[] Keys, float[] Values, int Start, int Window, int Jobs, int Chunks);

    /// <summary>The hyper-parameters.</summary>
    private sealed record Shape(
        string Architecture, int Dimension, int HiddenDimension, int LayerCount, int HeadCount, int KeyValueHeadCount, int HeadDimension,
        int ContextLength, int VocabularySize, float Epsilon, RopeSettings Rope, Features Features)
    {
        public int QueryDimension => HeadCount * HeadDimension;

        public int KeyValueDimension => KeyValueHeadCount * HeadDimension;

        public string? Check() =>
            Dimension <= 0 || HiddenDimension <= 0 || LayerCount <= 0 || HeadCount <= 0 || KeyValueHeadCount <= 0
            || HeadDimension <= 0 || HeadDimension % 2 != 0 || HeadDimension > 1 << 12 || HeadCount > 1 << 10 || HeadCount % KeyValueHeadCount != 0
            || ContextLength <= 0 || VocabularySize <= 0 || Dimension > 1 << 16 || HiddenDimension > 1 << 18 || LayerCount > 1024 || ContextLength > 1 << 20
            || !(Epsilon > 0f) || (long)ContextLength * KeyValueDimension > int.MaxValue
                ? $"inconsistent dimensions (embedding {Dimension}, hidden {HiddenDimension}, layers {LayerCount}, heads {HeadCount}, kv heads {KeyValueHeadCount}, head size {HeadDimension}, context {ContextLength}, vocabulary {VocabularySize})"
                : null;
    }

    /// <summary>Activation buffers for up to <see cref="Capacity"/> tokens at once.</summary>
    private sealed class Scratch(LlamaModel m, int capacity)
    {
        public int Capacity { get; } = capacity;

        public float[] X { get; } = new float[capacity * m.Dimension];

        public float[] Xb { get; } = new float[capacity * m.Dimension];

        public float[] Xb2 { get; } = new float[capacity * m.Dimension];

        public float[] Q { get; } = new float[capacity * m.HeadCount * m.HeadDimension];

        public float[] Attended { get; } = new float[capacity * m.HeadCount * m.HeadDimension];

        public float[] K { get; } = new float[capacity * m.KeyValueHeadCount * m.HeadDimension];

        public float[] V { get; } = new float[capacity * m.KeyValueHeadCount * m.HeadDimension];

        public float[] Hb { get; } = new float[capacity * m.HiddenDimension];

        public float[] Hb2 { get; } = new float[capacity * m.HiddenDimension];

        /// <summary>A fused product's rows (Phi-3's QKV or gate/up) before they are split; null when no layer is fused.</summary>
        public float[]? Fused { get; } = Array.Exists(m._layers, l => l.QueryKeyValue is not null || l.Gate is null)
            ? new float[capacity * Math.Max((m.HeadCount + (2 * m.KeyValueHeadCount)) * m.HeadDimension, 2 * m.HiddenDimension)]
            : null;
    }
}
