using System.Text.Json;

namespace Docent.Tests.Models;

/// <summary>
/// An independent BERT forward pass in plain loops (double accumulation) over the weights read back from
/// a fixture's model.onnx, for one unpadded sequence: embeddings + LayerNorm, multi-head self-attention,
/// erf-GELU feed-forward, and the optional pooler/classifier head. The oracle the ONNX Runtime output is
/// compared against. Immutable.
/// </summary>
internal sealed class ReferenceBert
{
    private const double LayerNormEpsilon = 1e-12;
    private readonly Dictionary<string, (float[] Values, long[] Dims)> _w;
    private readonly int _hidden;
    private readonly int _heads;

    public ReferenceBert(string modelFolder)
    {
        _w = OnnxInitializerReader.ReadFloatInitializers(Path.Combine(modelFolder, "model.onnx"));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelFolder, "config.json")));
        _hidden = config.RootElement.GetProperty("hidden_size").GetInt32();
        _heads = config.RootElement.GetProperty("num_attention_heads").GetInt32();
    }

    public int Hidden => _hidden;

    /// <summary>last_hidden_state for one sequence: [tokens][hidden].</summary>
    public double[][] HiddenStates(IReadOnlyList<long> ids, IReadOnlyList<long> typeIds)
    {
        var n = ids.Count;
        var x = new double[n][];
        for (var t = 0; t < n; t++)
        {
            x[t] = new double[_hidden];
            for (var d = 0; d < _hidden; d++)
            {
                x[t][d] = W("embeddings.word_embeddings.weight")[(ids[t] * _hidden) + d]
                    + W("embeddings.position_embeddings.weight")[(t * _hidden) + d]
                    + W("embeddings.token_type_embeddings.weight")[(typeIds[t] * _hidden) + d];
            }

            x[t] = LayerNorm(x[t], "embeddings.LayerNorm");
        }

        const string p = "encoder.layer.0.attention.self.";
        var q = x.Select(row => Linear(row, p + "query")).ToArray();
        var k = x.Select(row => Linear(row, p + "key")).ToArray();
        var v = x.Select(row => Linear(row, p + "value")).ToArray();
        var headSize = _hidden / _heads;
        var context = new double[n][];
        for (var i = 0; i < n; i++)
        {
            context[i] = new double[_hidden];
            for (var h = 0; h < _heads; h++)
            {
                var scores = new double[n];
                for (var j = 0; j < n; j++)
                {
                    var dot = 0.0;
                    for (var d = 0; d < headSize; d++)
                    {
                        dot += q[i][(h * headSize) + d] * k[j][(h * headSize) + d];
                    }

                    scores[j] = dot / Math.Sqrt(headSize);
                }

                var max = scores.Max();
                var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
                var total = exp.Sum();
                for (var j = 0; j < n; j++)
                {
                    for (var d = 0; d < headSize; d++)
                    {
                        context[i][(h * headSize) + d] += exp[j] / total * v[j][(h * headSize) + d];
                    }
                }
            }
        }

        var x1 = new double[n][];
        var x2 = new double[n][];
        for (var t = 0; t < n; t++)
        {
            var attention = Linear(context[t], "encoder.layer.0.attention.output.dense");
            x1[t] = LayerNorm(Add(attention, x[t]), "encoder.layer.0.attention.output.LayerNorm");
            var inner = Linear(x1[t], "encoder.layer.0.intermediate.dense").Select(Gelu).ToArray();
            var output = Linear(inner, "encoder.layer.0.output.dense");
            x2[t] = LayerNorm(Add(output, x1[t]), "encoder.layer.0.output.LayerNorm");
        }

        return x2;
    }

    /// <summary>The cross-encoder logit: tanh pooler over [CLS], then the one-output classifier.</summary>
    public double Logit(IReadOnlyList<long> ids, IReadOnlyList<long> typeIds)
    {
        var states = HiddenStates(ids, typeIds);
        var pooled = Linear(states[0], "pooler.dense").Select(Math.Tanh).ToArray();
        return Linear(pooled, "classifier")[0];
    }

    /// <summary>Mean of the token vectors (no padding here, so every token counts).</summary>
    public static double[] Mean(double[][] states)
    {
        var mean = new double[states[0].Length];
        foreach (var row in states)
        {
            for (var d = 0; d < mean.Length; d++)
            {
                mean[d] += row[d] / states.Length;
            }
        }

        return mean;
    }

    /// <summary>erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).</summary>
    public static double Erf(double x)
    {
        var sign = Math.Sign(x);
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = (((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592;
        var y = 1 - (poly * t * Math.Exp(-x * x));
        return sign * y;
    }

    private static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    private float[] W(string name) => _w[name].Values;

    /// <summary>row · W + b with W stored [in, out].</summary>
    private double[] Linear(double[] row, string prefix)
    {
        var (weight, dims) = _w[prefix + ".weight"];
        var bias = W(prefix + ".bias");
        var inputs = (int)dims[0];
        var outputs = (int)dims[1];
        var result = new double[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var sum = (double)bias[o];
            for (var i = 0; i < inputs; i++)
            {
                sum += row[i] * weight[(i * outputs) + o];
            }

            result[o] = sum;
        }

        return result;
    }

    private double[] LayerNorm(double[] row, string prefix)
    {
        var gamma = W(prefix + ".weight");
        var beta = W(prefix + ".bias");
        var mean = row.Average();
        var variance = row.Select(v => (v - mean) * (v - mean)).Average();
        var scale = 1 / Math.Sqrt(variance + LayerNormEpsilon);
        return row.Select((v, d) => ((v - mean) * scale * gamma[d]) + beta[d]).ToArray();
    }
}
