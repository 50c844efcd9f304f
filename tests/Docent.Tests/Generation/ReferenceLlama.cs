using Docent.Generation;

namespace Docent.Tests.Generation;

/// <summary>
/// A deliberately plain forward pass of a llama/qwen2 GGUF model, written from the math (nested loops, double
/// accumulation, no SIMD, no caching tricks) for tests to compare <see cref="LlamaModel"/> against.
/// </summary>
internal sealed class ReferenceLlama
{
    private readonly GgufFile _file;
    private readonly int _dim;
    private readonly int _hidden;
    private readonly int _layers;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly int _vocabulary;
    private readonly double _epsilon;
    private readonly double _theta;
    private readonly double _linearFactor;
    private readonly bool _neox;
    private readonly float[]? _frequencyFactors;

    public ReferenceLlama(GgufFile file)
    {
        _file = file;
        var arch = file.Architecture;
        long Int(string key) => file.GetInteger(arch + "." + key);
        bool Has(string key) => file.Metadata.ContainsKey(arch + "." + key);
        _dim = (int)Int("embedding_length");
        _hidden = (int)Int("feed_forward_length");
        _layers = (int)Int("block_count");
        _heads = (int)Int("attention.head_count");
        _kvHeads = Has("attention.head_count_kv") ? (int)Int("attention.head_count_kv") : _heads;
        _headDim = Has("attention.key_length") ? (int)Int("attention.key_length") : _dim / _heads;
        _vocabulary = (int)(file.Tensors["token_embd.weight"].ElementCount / _dim);
        _epsilon = file.GetFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
        _theta = file.GetFloat(arch + ".rope.freq_base", 10000f);
        var scaled = file.Metadata.TryGetValue(arch + ".rope.scaling.type", out var type) && (string)type == "linear";
        _linearFactor = scaled ? file.GetFloat(arch + ".rope.scaling.factor", 1f) : 1.0;
        _neox = arch == "qwen2";
        _frequencyFactors = file.Tensors.ContainsKey("rope_freqs.weight") ? file.ReadFloats("rope_freqs.weight") : null;
    }

    /// <summary>Runs <paramref name="tokens"/> from position 0: each position's output of every layer, and its logits.</summary>
    public (double[][][] LayerOutputs, double[][] Logits) Run(int[] tokens)
    {
        var n = tokens.Length;
        var qDim = _heads * _headDim;
        var kvDim = _kvHeads * _headDim;
        var layerOutputs = new double[n][][];
        var logits = new double[n][];
        var keys = new double[_layers, n, kvDim];
        var values = new double[_layers, n, kvDim];
        var embedding = _file.ReadFloats("token_embd.weight");
        for (var pos = 0; pos < n; pos++)
        {
            layerOutputs[pos] = new double[_layers][];
            var x = new double[_dim];
            for (var i = 0; i < _dim; i++)
            {
                x[i] = embedding[tokens[pos] * _dim + i];
            }

            for (var l = 0; l < _layers; l++)
            {
                var p = $"blk.{l}.";
                var normed = Norm(x, Read(p + "attn_norm.weight"));
                var q = Product(Read(p + "attn_q.weight"), qDim, normed, Optional(p + "attn_q.bias"));
                var k = Product(Read(p + "attn_k.weight"), kvDim, normed, Optional(p + "attn_k.bias"));
                var v = Product(Read(p + "attn_v.weight"), kvDim, normed, Optional(p + "attn_v.bias"));
                Rotate(q, pos);
                Rotate(k, pos);
                for (var i = 0; i < kvDim; i++)
                {
                    keys[l, pos, i] = k[i];
                    values[l, pos, i] = v[i];
                }

                var attended = new double[qDim];
                for (var h = 0; h < _heads; h++)
                {
                    var kvHead = h / (_heads / _kvHeads);
                    var scores = new double[pos + 1];
                    for (var t = 0; t <= pos; t++)
                    {
                        double dot = 0;
                        for (var i = 0; i < _headDim; i++)
                        {
                            dot += q[h * _headDim + i] * keys[l, t, kvHead * _headDim + i];
                        }

                        scores[t] = dot / Math.Sqrt(_headDim);
                    }

                    var max = scores.Max();
                    var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
                    var total = weights.Sum();
                    for (var t = 0; t <= pos; t++)
                    {
                        for (var i = 0; i < _headDim; i++)
                        {
                            attended[h * _headDim + i] += weights[t] / total * values[l, t, kvHead * _headDim + i];
                        }
                    }
                }

                var projected = Product(Read(p + "attn_output.weight"), _dim, attended, null);
                for (var i = 0; i < _dim; i++)
                {
                    x[i] += projected[i];
                }

                var normed2 = Norm(x, Read(p + "ffn_norm.weight"));
                var gate = Product(Read(p + "ffn_gate.weight"), _hidden, normed2, null);
                var up = Product(Read(p + "ffn_up.weight"), _hidden, normed2, null);
                var activated = new double[_hidden];
                for (var i = 0; i < _hidden; i++)
                {
                    var silu = gate[i] / (1 + Math.Exp(-gate[i]));
                    activated[i] = silu * up[i];
                }

                var down = Product(Read(p + "ffn_down.weight"), _dim, activated, null);
                for (var i = 0; i < _dim; i++)
                {
                    x[i] += down[i];
                }

                layerOutputs[pos][l] = (double[])x.Clone();
            }

            var output = _file.Tensors.ContainsKey("output.weight") ? Read("output.weight") : embedding;
            logits[pos] = Product(output, _vocabulary, Norm(x, Read("output_norm.weight")), null);
        }

        return (layerOutputs, logits);
    }

    private float[] Read(string name) => _file.ReadFloats(name);

    private float[]? Optional(string name) => _file.Tensors.ContainsKey(name) ? _file.ReadFloats(name) : null;

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

    /// <summary>RoPE: pair j of each head turns by (pos / factor) · theta^(-2j/d) / freqFactor[j].</summary>
    private void Rotate(double[] v, int pos)
    {
        var half = _headDim / 2;
        for (var head = 0; head < v.Length / _headDim; head++)
        {
            for (var j = 0; j < half; j++)
            {
                var frequency = Math.Pow(_theta, -2.0 * j / _headDim) / (_frequencyFactors?[j] ?? 1.0);
                var angle = pos / _linearFactor * frequency;
                var first = head * _headDim + (_neox ? j : 2 * j);
                var second = head * _headDim + (_neox ? j + half : 2 * j + 1);
                var (a, b) = (v[first], v[second]);
                v[first] = a * Math.Cos(angle) - b * Math.Sin(angle);
                v[second] = a * Math.Sin(angle) + b * Math.Cos(angle);
            }
        }
    }
}
