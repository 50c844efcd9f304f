using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Docent.Generation;

/// <summary>
/// A llama-family transformer (RMSNorm, RoPE on adjacent pairs, grouped-query attention with a KV cache, SwiGLU)
/// running in float32 over a GGUF file's tensors (F32 read in place from the mapping, so the file must outlive the
/// model). One instance holds one sequence's state: not thread-safe.
/// </summary>
public sealed class LlamaModel
{
    private readonly Layer[] _layers;
    private readonly WeightMatrix _embedding;
    private readonly float[] _outputNorm;
    private readonly WeightMatrix _output;
    private readonly MatrixMultiplier _multiplier;
    private readonly float[][] _keyCache;
    private readonly float[][] _valueCache;
    private readonly float[] _x;
    private readonly float[] _xb;
    private readonly float[] _xb2;
    private readonly float[] _q;
    private readonly float[] _k;
    private readonly float[] _v;
    private readonly float[] _hb;
    private readonly float[] _hb2;
    private readonly float[] _att;
    private readonly float[] _logits;

    private LlamaModel(Shape shape, WeightMatrix embedding, float[] outputNorm, WeightMatrix output, Layer[] layers, int threadCount)
    {
        _multiplier = new MatrixMultiplier(threadCount);
        (Dimension, HiddenDimension, LayerCount, HeadCount, KeyValueHeadCount, ContextLength, VocabularySize, Epsilon, RopeTheta) = shape;
        var kvDim = KeyValueHeadCount * (Dimension / HeadCount);
        _embedding = embedding;
        _outputNorm = outputNorm;
        _output = output;
        _layers = layers;
        _keyCache = new float[LayerCount][];
        _valueCache = new float[LayerCount][];
        _x = new float[Dimension];
        _xb = new float[Dimension];
        _xb2 = new float[Dimension];
        _q = new float[Dimension];
        _k = new float[kvDim];
        _v = new float[kvDim];
        _hb = new float[HiddenDimension];
        _hb2 = new float[HiddenDimension];
        _att = new float[ContextLength];
        _logits = new float[VocabularySize];
    }

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

    /// <summary>The maximum sequence length.</summary>
    public int ContextLength { get; }

    /// <summary>The number of tokens in the vocabulary (rows of the embedding).</summary>
    public int VocabularySize { get; }

    /// <summary>The RMSNorm epsilon.</summary>
    public float Epsilon { get; }

    /// <summary>The RoPE frequency base.</summary>
    public float RopeTheta { get; }

    /// <summary>The number of threads each matrix product is split across.</summary>
    public int ThreadCount => _multiplier.ThreadCount;

    /// <summary>
    /// Binds the weights of a llama GGUF file (matrices read in place where their type allows); <paramref name="file"/>
    /// must outlive the model.
    /// </summary>
    public static LlamaModel Load(GgufFile file, int threadCount = 1)
    {
        ArgumentNullException.ThrowIfNull(file);
        var arch = file.Architecture;
        if (arch != "llama")
        {
            throw file.Corrupt($"architecture '{arch}' is not supported (only 'llama' is)");
        }

        var dim = (int)file.GetInteger("llama.embedding_length");
        var heads = (int)file.GetInteger("llama.attention.head_count");
        var kvHeads = file.Metadata.ContainsKey("llama.attention.head_count_kv") ? (int)file.GetInteger("llama.attention.head_count_kv") : heads;
        var embeddingInfo = file.Tensors.TryGetValue("token_embd.weight", out var e) ? e : throw file.Corrupt("tensor 'token_embd.weight' is missing");
        var shape = new Shape(
            dim, (int)file.GetInteger("llama.feed_forward_length"), (int)file.GetInteger("llama.block_count"), heads, kvHeads,
            (int)file.GetInteger("llama.context_length"), dim > 0 ? (int)(embeddingInfo.ElementCount / dim) : 0,
            file.GetFloat("llama.attention.layer_norm_rms_epsilon", 1e-5f), file.GetFloat("llama.rope.freq_base", 10000f));
        if (shape.Check() is { } problem)
        {
            throw file.Corrupt(problem);
        }

        var kvDim = shape.KeyValueDimension;
        var hidden = shape.HiddenDimension;
        var embedding = Matrix(file, "token_embd.weight", shape.VocabularySize, dim);
        var layers = new Layer[shape.LayerCount];
        for (var l = 0; l < layers.Length; l++)
        {
            var p = $"blk.{l}.";
            layers[l] = new Layer(
                Vector(file, p + "attn_norm.weight", dim),
                Matrix(file, p + "attn_q.weight", dim, dim),
                Matrix(file, p + "attn_k.weight", kvDim, dim),
                Matrix(file, p + "attn_v.weight", kvDim, dim),
                Matrix(file, p + "attn_output.weight", dim, dim),
                Vector(file, p + "ffn_norm.weight", dim),
                Matrix(file, p + "ffn_gate.weight", hidden, dim),
                Matrix(file, p + "ffn_down.weight", dim, hidden),
                Matrix(file, p + "ffn_up.weight", hidden, dim));
        }

        return new LlamaModel(
            shape, embedding, Vector(file, "output_norm.weight", dim),
            file.Tensors.ContainsKey("output.weight") ? Matrix(file, "output.weight", shape.VocabularySize, dim) : embedding, layers, threadCount);
    }

    /// <summary>
    /// Loads a llama2.c checkpoint (<c>run.c</c>'s legacy format, or <c>export.py</c>'s version 1 with the "ak42"
    /// magic) into float32 arrays; throws <see cref="InvalidDataException"/> naming the file when it does not fit.
    /// </summary>
    public static LlamaModel LoadLlama2C(string path, int threadCount = 1)
    {
        var bytes = File.ReadAllBytes(path);
        InvalidDataException Bad(string why) => new($"'{path}' is not a valid llama2.c checkpoint: {why}.");
        if (bytes.Length < 28)
        {
            throw Bad("it is shorter than its header (truncated)");
        }

        var ints = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(0, bytes.Length / 4 * 4));
        var version1 = ints[0] == 0x616b3432;
        if (version1 && ints[1] != 1)
        {
            throw Bad($"version {ints[1]} is not supported (legacy and version 1 are)");
        }

        var h = version1 ? ints.Slice(2, 7) : ints[..7];
        var shared = version1 ? bytes.Length > 36 && bytes[36] != 0 : h[5] > 0;
        var shape = new Shape(h[0], h[1], h[2], h[3], h[4], h[6], Math.Abs(h[5]), 1e-5f, 10000f);
        if (shape.Check() is { } problem)
        {
            throw Bad(problem);
        }

        var floatCount = bytes.Length / 4;
        var position = version1 ? 256 / 4 : 7;
        int dim = shape.Dimension, hidden = shape.HiddenDimension, layers = shape.LayerCount, kvDim = shape.KeyValueDimension;
        float[][] Take(int count, int each)
        {
            var result = new float[count][];
            for (var i = 0; i < count; i++)
            {
                if ((long)position + each > floatCount)
                {
                    throw Bad("its weights end early (truncated)");
                }

                result[i] = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(position * 4, each * 4)).ToArray();
                position += each;
            }

            return result;
        }

        float[][] attentionNorm, ffnNorm, wq, wk, wv, wo, w1, w2, w3;
        float[] embedding, finalNorm;
        if (version1)
        {
            attentionNorm = Take(layers, dim);
            ffnNorm = Take(layers, dim);
            finalNorm = Take(1, dim)[0];
            embedding = Take(1, shape.VocabularySize * dim)[0];
            (wq, wk, wv, wo) = (Take(layers, dim * dim), Take(layers, kvDim * dim), Take(layers, kvDim * dim), Take(layers, dim * dim));
            (w1, w2, w3) = (Take(layers, hidden * dim), Take(layers, dim * hidden), Take(layers, hidden * dim));
        }
        else
        {
            embedding = Take(1, shape.VocabularySize * dim)[0];
            attentionNorm = Take(layers, dim);
            (wq, wk, wv, wo) = (Take(layers, dim * dim), Take(layers, kvDim * dim), Take(layers, kvDim * dim), Take(layers, dim * dim));
            ffnNorm = Take(layers, dim);
            (w1, w2, w3) = (Take(layers, hidden * dim), Take(layers, dim * hidden), Take(layers, hidden * dim));
            finalNorm = Take(1, dim)[0];
            Take(2, shape.ContextLength * (dim / shape.HeadCount) / 2); // freq_cis_real and freq_cis_imag, unused
        }

        var output = shared ? embedding : Take(1, shape.VocabularySize * dim)[0];
        var blocks = new Layer[layers];
        for (var l = 0; l < layers; l++)
        {
            blocks[l] = new Layer(
                attentionNorm[l], new F32WeightMatrix(wq[l], dim, dim), new F32WeightMatrix(wk[l], kvDim, dim),
                new F32WeightMatrix(wv[l], kvDim, dim), new F32WeightMatrix(wo[l], dim, dim), ffnNorm[l],
                new F32WeightMatrix(w1[l], hidden, dim), new F32WeightMatrix(w2[l], dim, hidden), new F32WeightMatrix(w3[l], hidden, dim));
        }

        var embeddingMatrix = new F32WeightMatrix(embedding, shape.VocabularySize, dim);
        var outputMatrix = shared ? embeddingMatrix : new F32WeightMatrix(output, shape.VocabularySize, dim);
        return new LlamaModel(shape, embeddingMatrix, finalNorm, outputMatrix, blocks, threadCount);
    }

    /// <summary>Runs token <paramref name="token"/> at position <paramref name="position"/> and returns the logits (valid until the next call).</summary>
    public ReadOnlySpan<float> Forward(int token, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(token, VocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, ContextLength);
        var dim = Dimension;
        var headSize = dim / HeadCount;
        var kvDim = KeyValueHeadCount * headSize;
        var group = HeadCount / KeyValueHeadCount;
        _embedding.ReadRow(token, _x);
        for (var l = 0; l < LayerCount; l++)
        {
            var w = _layers[l];
            var kc = _keyCache[l] ??= new float[ContextLength * kvDim];
            var vc = _valueCache[l] ??= new float[ContextLength * kvDim];
            RmsNorm(_xb, _x, w.AttentionNorm, Epsilon);
            _multiplier.Multiply(w.Query, _xb, _q);
            _multiplier.Multiply(w.Key, _xb, _k);
            _multiplier.Multiply(w.Value, _xb, _v);
            Rope(_q, position, headSize, RopeTheta);
            Rope(_k, position, headSize, RopeTheta);
            _k.CopyTo(kc, position * kvDim);
            _v.CopyTo(vc, position * kvDim);
            var scale = 1f / MathF.Sqrt(headSize);
            for (var h = 0; h < HeadCount; h++)
            {
                var q = _q.AsSpan(h * headSize, headSize);
                var kvOffset = h / group * headSize;
                var att = _att.AsSpan(0, position + 1);
                for (var t = 0; t <= position; t++)
                {
                    att[t] = TensorPrimitives.Dot(q, kc.AsSpan(t * kvDim + kvOffset, headSize)) * scale;
                }

                SoftMax(att);
                var output = _xb.AsSpan(h * headSize, headSize);
                output.Clear();
                for (var t = 0; t <= position; t++)
                {
                    TensorPrimitives.MultiplyAdd(vc.AsSpan(t * kvDim + kvOffset, headSize), att[t], output, output);
                }
            }

            _multiplier.Multiply(w.AttentionOutput, _xb, _xb2);
            TensorPrimitives.Add(_x, _xb2, _x);
            RmsNorm(_xb, _x, w.FfnNorm, Epsilon);
            _multiplier.Multiply(w.Gate, _xb, _hb);
            _multiplier.Multiply(w.Up, _xb, _hb2);
            for (var i = 0; i < _hb.Length; i++)
            {
                var g = _hb[i];
                _hb[i] = g / (1f + MathF.Exp(-g)) * _hb2[i];
            }

            _multiplier.Multiply(w.Down, _hb, _xb);
            TensorPrimitives.Add(_x, _xb, _x);
        }

        RmsNorm(_x, _x, _outputNorm, Epsilon);
        _multiplier.Multiply(_output, _x, _logits);
        return _logits;
    }

    /// <summary>RMSNorm: <c>output = x / sqrt(mean(x²) + eps) * weight</c>; output may alias x.</summary>
    internal static void RmsNorm(Span<float> output, ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float epsilon)
    {
        var ss = TensorPrimitives.SumOfSquares(x) / x.Length + epsilon;
        var inv = 1f / MathF.Sqrt(ss);
        TensorPrimitives.Multiply(x, inv, output);
        TensorPrimitives.Multiply(output, weight, output);
    }

    /// <summary>Rotary position embedding on adjacent pairs (i, i+1) of each head, as llama2.c and GGML's normal mode do.</summary>
    internal static void Rope(Span<float> v, int position, int headSize, float theta)
    {
        for (var i = 0; i < v.Length; i += 2)
        {
            var headDim = i % headSize;
            var freq = 1f / MathF.Pow(theta, headDim / (float)headSize);
            var angle = position * freq;
            var (sin, cos) = MathF.SinCos(angle);
            var a = v[i];
            var b = v[i + 1];
            v[i] = a * cos - b * sin;
            v[i + 1] = a * sin + b * cos;
        }
    }

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

    private sealed record Layer(
        float[] AttentionNorm, WeightMatrix Query, WeightMatrix Key, WeightMatrix Value, WeightMatrix AttentionOutput,
        float[] FfnNorm, WeightMatrix Gate, WeightMatrix Down, WeightMatrix Up);

    /// <summary>The hyper-parameters.</summary>
    private sealed record Shape(
        int Dimension, int HiddenDimension, int LayerCount, int HeadCount, int KeyValueHeadCount, int ContextLength,
        int VocabularySize, float Epsilon, float RopeTheta)
    {
        public int KeyValueDimension => KeyValueHeadCount * (Dimension / HeadCount);

        public string? Check() =>
            Dimension <= 0 || HiddenDimension <= 0 || LayerCount <= 0 || HeadCount <= 0 || KeyValueHeadCount <= 0
            || Dimension % HeadCount != 0 || (Dimension / HeadCount) % 2 != 0 || HeadCount % KeyValueHeadCount != 0
            || ContextLength <= 0 || VocabularySize <= 0 || Dimension > 1 << 16 || HiddenDimension > 1 << 18 || LayerCount > 1024 || ContextLength > 1 << 20
                ? $"inconsistent dimensions (embedding {Dimension}, hidden {HiddenDimension}, layers {LayerCount}, heads {HeadCount}, kv heads {KeyValueHeadCount}, context {ContextLength}, vocabulary {VocabularySize})"
                : null;
    }
}
