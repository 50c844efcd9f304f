using Docent.Generation;

namespace Docent.Tests.Generation;

/// <summary>
/// A deliberately plain forward pass of a llama-family GGUF model (llama, qwen2, qwen3, gemma2, gemma3, phi3), written
/// from the math (nested loops, double accumulation, no SIMD, its own full KV history) for tests to compare
/// <see cref="LlamaModel"/> against. Reads every tensor dequantised to floats. One sequence at a time: <see cref="Step"/>
/// runs the next position, <see cref="Run"/> a whole prompt from position 0.
/// </summary>
internal sealed class ReferenceLlama
{
    private readonly GgufFile _file;
    private readonly string _arch;
    private readonly int _dim;
    private readonly int _hidden;
    private readonly int _layers;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly int _rotaryDim;
    private readonly int _vocabulary;
    private readonly double _epsilon;
    private readonly double _theta;
    private readonly double _linearFactor;
    private readonly double _ropeMagnitude;
    private readonly bool _neox;
    private readonly float[]? _frequencyFactors;
    private readonly double _attentionScale;
    private readonly double _attentionCap;
    private readonly double _finalCap;
    private readonly int _window;
    private readonly bool _gelu;
    private readonly Dictionary<string, float[]> _weights = [];
    private readonly List<double[]>[] _keys;
    private readonly List<double[]>[] _values;

    public ReferenceLlama(GgufFile file)
    {
        _file = file;
        var arch = _arch = file.Architecture;
        long Int(string key) => file.GetInteger(arch + "." + key);
        bool Has(string key) => file.Metadata.ContainsKey(arch + "." + key);
        _dim = (int)Int("embedding_length");
        _hidden = (int)Int("feed_forward_length");
        _layers = (int)Int("block_count");
        _heads = (int)Int("attention.head_count");
        _kvHeads = Has("attention.head_count_kv") ? (int)Int("attention.head_count_kv") : _heads;
        _headDim = Has("attention.key_length") ? (int)Int("attention.key_length") : _dim / _heads;
        _rotaryDim = Has("rope.dimension_count") ? (int)Int("rope.dimension_count") : _headDim;
        _vocabulary = (int)(file.Tensors["token_embd.weight"].ElementCount / _dim);
        _epsilon = file.GetFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
        _theta = file.GetFloat(arch + ".rope.freq_base", 10000f);
        var scaled = file.Metadata.TryGetValue(arch + ".rope.scaling.type", out var type) && (string)type == "linear";
        _linearFactor = scaled ? file.GetFloat(arch + ".rope.scaling.factor", 1f) : 1.0;
        _ropeMagnitude = file.GetFloat(arch + ".rope.scaling.attn_factor", 1f);
        _neox = arch != "llama";
        _frequencyFactors = Optional("rope_freqs.weight") ?? Optional("rope_factors_short.weight");
        var gemma = arch.StartsWith("gemma", StringComparison.Ordinal);
        var largeGemma = (arch == "gemma2" && _layers == 46) || (arch == "gemma3" && _layers == 62);
        _attentionScale = 1 / Math.Sqrt(largeGemma ? _dim / _heads : _headDim);
        _attentionCap = arch == "gemma2" ? file.GetFloat(arch + ".attn_logit_softcapping", 50f) : 0;
        _finalCap = arch == "gemma2" ? file.GetFloat(arch + ".final_logit_softcapping", 30f) : 0;
        _window = arch is not ("llama" or "gemma2" or "gemma3") ? 0 // llama.cpp ignores other architectures' windows
            : Has("attention.sliding_window") ? (int)Int("attention.sliding_window") : arch == "gemma2" ? 4096 : 0;
        _gelu = gemma;
        EmbeddingScale = gemma ? Math.Sqrt(_dim) : 1;
        _keys = [.. Enumerable.Range(0, _layers).Select(_ => new List<double[]>())];
        _values = [.. Enumerable.Range(0, _layers).Select(_ => new List<double[]>())];
    }

    /// <summary>Multiplies the embedding row (Gemma: √dim).</summary>
    public double EmbeddingScale { get; }

    /// <summary>The next position (tokens run so far).</summary>
    public int Position => _keys[0].Count;

    /// <summary>Whether layer <paramref name="layer"/> attends over a sliding window (and rotates with the local RoPE base for gemma3).</summary>
    public bool IsSlidingLayer(int layer) => _window > 0 && _arch switch
    {
        "gemma2" => layer % 2 == 0,
        "gemma3" => layer % 6 < 5,
        _ => true,
    };

    /// <summary>Runs <paramref name="tokens"/> from position 0: each position's output of every layer, and its logits.</summary>
    public (double[][][] LayerOutputs, double[][] Logits) Run(int[] tokens)
    {
        Reset();
        var layerOutputs = new double[tokens.Length][][];
        var logits = new double[tokens.Length][];
        for (var pos = 0; pos < tokens.Length; pos++)
        {
            (layerOutputs[pos], logits[pos]) = Step(tokens[pos]);
        }

        return (layerOutputs, logits);
    }

    /// <summary>Forgets the sequence.</summary>
    public void Reset()
    {
        foreach (var list in _keys.Concat(_values))
        {
            list.Clear();
        }
    }

    /// <summary>Runs <paramref name="token"/> at <see cref="Position"/>: every layer's output (the residual stream) and the logits.</summary>
    public (double[][] LayerOutputs, double[] Logits) Step(int token)
    {
        var pos = Position;
        var qDim = _heads * _headDim;
        var kvDim = _kvHeads * _headDim;
        var outputs = new double[_layers][];
        var embedding = Read("token_embd.weight");
        var x = new double[_dim];
        for (var i = 0; i < _dim; i++)
        {
            x[i] = embedding[token * _dim + i] * EmbeddingScale;
        }

        for (var l = 0; l < _layers; l++)
        {
            var p = $"blk.{l}.";
            var normed = Norm(x, Read(p + "attn_norm.weight"));
            double[] q, k, v;
            if (_file.Tensors.ContainsKey(p + "attn_qkv.weight"))
            {
                var qkv = Product(Read(p + "attn_qkv.weight"), qDim + 2 * kvDim, normed, null);
                (q, k, v) = (qkv[..qDim], qkv[qDim..(qDim + kvDim)], qkv[(qDim + kvDim)..]);
            }
            else
            {
                q = Product(Read(p + "attn_q.weight"), qDim, normed, Optional(p + "attn_q.bias"));
                k = Product(Read(p + "attn_k.weight"), kvDim, normed, Optional(p + "attn_k.bias"));
                v = Product(Read(p + "attn_v.weight"), kvDim, normed, Optional(p + "attn_v.bias"));
            }

            if (Optional(p + "attn_q_norm.weight") is { } qNorm)
            {
                NormEachHead(q, qNorm);
                NormEachHead(k, Read(p + "attn_k_norm.weight"));
            }

            var sliding = IsSlidingLayer(l);
            var local = sliding && _arch == "gemma3";
            Rotate(q, pos, local);
            Rotate(k, pos, local);
            _keys[l].Add(k);
            _values[l].Add(v);

            var first = sliding ? Math.Max(0, pos - _window + 1) : 0;
            var attended = new double[qDim];
            for (var h = 0; h < _heads; h++)
            {
                var kvHead = h / (_heads / _kvHeads);
                var scores = new double[pos + 1 - first];
                for (var t = first; t <= pos; t++)
                {
                    double dot = 0;
                    for (var i = 0; i < _headDim; i++)
                    {
                        dot += q[h * _headDim + i] * _keys[l][t][kvHead * _headDim + i];
                    }

                    scores[t - first] = Cap(dot * _attentionScale, _attentionCap);
                }

                var max = scores.Max();
                var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                var total = weights.Sum();
                for (var t = first; t <= pos; t++)
                {
                    for (var i = 0; i < _headDim; i++)
                    {
                        attended[h * _headDim + i] += weights[t - first] / total * _values[l][t][kvHead * _headDim + i];
                    }
                }
            }

            var projected = Product(Read(p + "attn_output.weight"), _dim, attended, null);
            if (Optional(p + "post_attention_norm.weight") is { } postAttention)
            {
                projected = Norm(projected, postAttention);
            }

            for (var i = 0; i < _dim; i++)
            {
                x[i] += projected[i];
            }

            var normed2 = Norm(x, Read(p + "ffn_norm.weight"));
            double[] gate, up;
            if (_file.Tensors.ContainsKey(p + "ffn_gate.weight"))
            {
                gate = Product(Read(p + "ffn_gate.weight"), _hidden, normed2, null);
                up = Product(Read(p + "ffn_up.weight"), _hidden, normed2, null);
            }
            else
            {
                var both = Product(Read(p + "ffn_up.weight"), 2 * _hidden, normed2, null);
                (gate, up) = (both[.._hidden], both[_hidden..]);
            }

            var activated = new double[_hidden];
            for (var i = 0; i < _hidden; i++)
            {
                var g = gate[i];
                var act = _gelu
                    ? 0.5 * g * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (g + 0.044715 * g * g * g)))
                    : g / (1 + Math.Exp(-g));
                activated[i] = act * up[i];
            }

            var down = Product(Read(p + "ffn_down.weight"), _dim, activated, null);
            if (Optional(p + "post_ffw_norm.weight") is { } postFfn)
            {
                down = Norm(down, postFfn);
            }

            for (var i = 0; i < _dim; i++)
            {
                x[i] += down[i];
            }

            outputs[l] = (double[])x.Clone();
        }

        var output = Optional("output.weight") ?? embedding;
        var logits = Product(output, _vocabulary, Norm(x, Read("output_norm.weight")), null);
        for (var i = 0; i < logits.Length; i++)
        {
            logits[i] = Cap(logits[i], _finalCap);
        }

        return (outputs, logits);
    }

    private static double Cap(double value, double cap) => cap > 0 ? cap * Math.Tanh(value / cap) : value;

    private float[] Read(string name)
    {
        if (!_weights.TryGetValue(name, out var values))
        {
            _weights[name] = values = _file.ReadFloats(name);
        }

        return values;
    }

    private float[]? Optional(string name) => _file.Tensors.ContainsKey(name) ? Read(name) : null;

    private double[] Norm(double[] x, float[] weight)
    {
        double squares = 0;
        foreach (var value in x)
        {
            squares += value * value;
        }

        var rms = Math.Sqrt(squares / x.Length + _epsilon);
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            result[i] = x[i] / rms * weight[i];
        }

        return result;
    }

    private void NormEachHead(double[] v, float[] weight)
    {
        for (var head = 0; head < v.Length; head += _headDim)
        {
            var normed = Norm(v[head..(head + _headDim)], weight);
            normed.CopyTo(v, head);
        }
    }

    /// <summary>W x (+ bias) for a row-major rows × x.Length matrix (GGUF's first dimension is the row length).</summary>
    private static double[] Product(float[] w, int rows, double[] x, float[]? bias)
    {
        var result = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            double sum = bias?[r] ?? 0;
            for (var c = 0; c < x.Length; c++)
            {
                sum += w[r * x.Length + c] * x[c];
            }

            result[r] = sum;
        }

        return result;
    }

    /// <summary>
    /// RoPE: pair j of each head turns by (pos / factor) · theta^(-2j/d) / freqFactor[j], both parts scaled by the
    /// attention factor; gemma3's local layers use base 10000, no scaling and no factors. Only the first d =
    /// rope.dimension_count elements of a head turn (NEOX pairs j and j + d/2); the rest stay.
    /// </summary>
    private void Rotate(double[] v, int pos, bool local)
    {
        var half = _rotaryDim / 2;
        var theta = local ? 10000.0 : _theta;
        var linear = local ? 1.0 : _linearFactor;
        for (var head = 0; head < v.Length / _headDim; head++)
        {
            for (var j = 0; j < half; j++)
            {
                var frequency = Math.Pow(theta, -2.0 * j / _rotaryDim) / (local ? 1.0 : _frequencyFactors?[j] ?? 1.0);
                var angle = pos / linear * frequency;
                var first = head * _headDim + (_neox ? j : 2 * j);
                var second = head * _headDim + (_neox ? j + half : 2 * j + 1);
                var (a, b) = (v[first], v[second]);
                var (cos, sin) = (Math.Cos(angle) * _ropeMagnitude, Math.Sin(angle) * _ropeMagnitude);
                v[first] = a * cos - b * sin;
                v[second] = a * sin + b * cos;
            }
        }
    }
}
