using Docent.Generation;

namespace Docent.Tests.Generation;

/// <summary>Writes tiny random llama/qwen2-shaped GGUF files (fixed seed) for model tests.</summary>
internal sealed record TinyGguf
{
    public string Architecture { get; init; } = "qwen2";

    public int Dimension { get; init; } = 32;

    public int Hidden { get; init; } = 48;

    public int Layers { get; init; } = 2;

    public int Heads { get; init; } = 4;

    public int KeyValueHeads { get; init; } = 2;

    /// <summary>Written as <c>attention.key_length</c> when set; otherwise heads are Dimension / Heads wide.</summary>
    public int? HeadDimension { get; init; }

    public int Context { get; init; } = 32;

    public int Vocabulary { get; init; } = 40;

    public float Theta { get; init; } = 1_000_000f;

    public string? ScalingType { get; init; }

    public float ScalingFactor { get; init; } = 1f;

    public bool RopeFrequencyFactors { get; init; }

    public bool Biases { get; init; } = true;

    public bool TiedOutput { get; init; }

    /// <summary>The type each tensor is written in, by name (F32 where null).</summary>
    public Func<string, GgufTensorType>? TensorTypes { get; init; }

    /// <summary>Writes every tensor as F32 holding the values <see cref="TensorTypes"/> would decode to (the same model, unquantised).</summary>
    public bool Dequantised { get; init; }

    /// <summary>Metadata keys and tensor names left out.</summary>
    public IReadOnlySet<string> Omit { get; init; } = new HashSet<string>();

    /// <summary>Extra metadata or tensors (e.g. a misshapen replacement for an omitted one).</summary>
    public Action<GgufWriter>? Extra { get; init; }

    public string Write(string path)
    {
        var random = new Random(1234);
        var optional = new Random(99); // biases and frequency factors: adding them leaves the other weights unchanged
        var w = new GgufWriter();
        var arch = Architecture;
        var headDim = HeadDimension ?? Dimension / Heads;
        var (qDim, kvDim) = (Heads * headDim, KeyValueHeads * headDim);
        void Meta(string key, object value)
        {
            if (!Omit.Contains(key))
            {
                w.Add(key, value);
            }
        }

        void Tensor(string name, float scale, float offset, params long[] dims) => Draw(random, name, scale, offset, dims);

        void Optional(string name, float scale, float offset, params long[] dims) => Draw(optional, name, scale, offset, dims);

        void Draw(Random source, string name, float scale, float offset, long[] dims)
        {
            if (Omit.Contains(name))
            {
                return;
            }

            var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = offset + (float)(source.NextDouble() * 2 - 1) * scale;
            }

            var type = TensorTypes?.Invoke(name) ?? GgufTensorType.F32;
            if (Dequantised && type != GgufTensorType.F32)
            {
                GgmlQuantization.Dequantize(GgmlQuantization.Quantize(values, type), type, values);
                type = GgufTensorType.F32;
            }

            w.AddTensor(name, values, type, dims);
        }

        Meta("general.architecture", arch);
        Meta(arch + ".embedding_length", (uint)Dimension);
        Meta(arch + ".feed_forward_length", (uint)Hidden);
        Meta(arch + ".block_count", (uint)Layers);
        Meta(arch + ".attention.head_count", (uint)Heads);
        Meta(arch + ".attention.head_count_kv", (uint)KeyValueHeads);
        Meta(arch + ".context_length", (uint)Context);
        Meta(arch + ".attention.layer_norm_rms_epsilon", 1e-6f);
        Meta(arch + ".rope.freq_base", Theta);
        if (HeadDimension is { } explicitHead)
        {
            Meta(arch + ".attention.key_length", (uint)explicitHead);
            Meta(arch + ".attention.value_length", (uint)explicitHead);
        }

        if (ScalingType is not null)
        {
            Meta(arch + ".rope.scaling.type", ScalingType);
            Meta(arch + ".rope.scaling.factor", ScalingFactor);
        }

        Tensor("token_embd.weight", 1f, 0f, Dimension, Vocabulary);
        if (RopeFrequencyFactors)
        {
            Optional("rope_freqs.weight", 3.5f, 4.5f, headDim / 2); // factors in [1, 8]
        }

        for (var l = 0; l < Layers; l++)
        {
            var p = $"blk.{l}.";
            Tensor(p + "attn_norm.weight", 0.2f, 1f, Dimension);
            Tensor(p + "attn_q.weight", 0.3f, 0f, Dimension, qDim);
            Tensor(p + "attn_k.weight", 0.3f, 0f, Dimension, kvDim);
            Tensor(p + "attn_v.weight", 0.3f, 0f, Dimension, kvDim);
            if (Biases)
            {
                Optional(p + "attn_q.bias", 0.5f, 0f, qDim);
                Optional(p + "attn_k.bias", 0.5f, 0f, kvDim);
                Optional(p + "attn_v.bias", 0.5f, 0f, kvDim);
            }

            Tensor(p + "attn_output.weight", 0.2f, 0f, qDim, Dimension);
            Tensor(p + "ffn_norm.weight", 0.2f, 1f, Dimension);
            Tensor(p + "ffn_gate.weight", 0.3f, 0f, Dimension, Hidden);
            Tensor(p + "ffn_up.weight", 0.3f, 0f, Dimension, Hidden);
            Tensor(p + "ffn_down.weight", 0.2f, 0f, Hidden, Dimension);
        }

        Tensor("output_norm.weight", 0.2f, 1f, Dimension);
        if (!TiedOutput)
        {
            Tensor("output.weight", 0.3f, 0f, Dimension, Vocabulary);
        }

        Extra?.Invoke(w);
        w.Write(path);
        return path;
    }
}
