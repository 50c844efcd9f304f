using Docent.Generation;

namespace Docent.Tests.Generation;

/// <summary>
/// Writes tiny random GGUF files (fixed seed) shaped as llama.cpp lays out each architecture, for model tests: the
/// architecture adds its own tensors (qwen3/gemma3 Q/K norms, gemma post norms, phi3 fused QKV and gate/up).
/// </summary>
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

    /// <summary>Written as <c>attention.sliding_window</c> when set.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>Written as <c>attn_logit_softcapping</c> when set.</summary>
    public float? AttentionSoftCap { get; init; }

    /// <summary>Written as <c>final_logit_softcapping</c> when set.</summary>
    public float? FinalSoftCap { get; init; }

    /// <summary>Written as <c>rope.scaling.attn_factor</c> when set.</summary>
    public float? RopeAttentionFactor { get; init; }

    /// <summary>Phi-3 LongRoPE: writes short and long factor tensors and this as <c>rope.scaling.original_context_length</c>.</summary>
    public int? LongRopeOriginalContext { get; init; }

    /// <summary>Written as <c>rope.dimension_count</c> when set (partial rotation); RoPE factor tensors then hold half of it.</summary>
    public int? RotaryDimension { get; init; }

    /// <summary>Scales the attention output and FFN down matrices (how much each layer moves the residual stream).</summary>
    public float LayerOutputScale { get; init; } = 1f;

    /// <summary>Tiny options for each architecture the tests cover, by a short name (llama3, mistral, qwen2, qwen3, gemma, gemma2, gemma3, phi3, phi3-partial, phi3-longrope).</summary>
    public static TinyGguf For(string name) => name switch
    {
        "llama3" => new TinyGguf { Architecture = "llama", Biases = false, Theta = 500000f, RopeFrequencyFactors = true },
        "mistral" => new TinyGguf { Architecture = "llama", Biases = false, Theta = 10000f, SlidingWindow = 6 },
        "qwen2" => new TinyGguf(),
        "qwen3" => new TinyGguf { Architecture = "qwen3", Biases = false, HeadDimension = 12, KeyValueHeads = 1 },
        "gemma" => new TinyGguf { Architecture = "gemma", Biases = false, Theta = 10000f, KeyValueHeads = 1 },
        "gemma2" => new TinyGguf { Architecture = "gemma2", Biases = false, Theta = 10000f, SlidingWindow = 6, AttentionSoftCap = 1.5f, FinalSoftCap = 2f, HeadDimension = 16, Heads = 2, KeyValueHeads = 1 },
        "gemma3" => new TinyGguf { Architecture = "gemma3", Biases = false, Layers = 7, SlidingWindow = 6, ScalingType = "linear", ScalingFactor = 2f, HeadDimension = 16, Heads = 2, KeyValueHeads = 1 },
        "phi3" => new TinyGguf { Architecture = "phi3", Biases = false, Theta = 10000f, KeyValueHeads = 4 },
        "phi3-partial" => new TinyGguf { Architecture = "phi3", Biases = false, Theta = 10000f, HeadDimension = 16, Heads = 2, KeyValueHeads = 1, RotaryDimension = 12, Context = 64, LongRopeOriginalContext = 48 },
        "phi3-longrope" => new TinyGguf { Architecture = "phi3", Biases = false, Theta = 10000f, Context = 64, LongRopeOriginalContext = 40, RopeAttentionFactor = 1.2f },
        _ => throw new ArgumentException(name, nameof(name)),
    };

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

        void Optionally(string key, object? value)
        {
            if (value is not null)
            {
                Meta(arch + "." + key, value);
            }
        }

        Optionally("attention.sliding_window", SlidingWindow is { } window ? (uint)window : null);
        Optionally("attn_logit_softcapping", AttentionSoftCap);
        Optionally("final_logit_softcapping", FinalSoftCap);
        Optionally("rope.scaling.attn_factor", RopeAttentionFactor);
        Optionally("rope.dimension_count", RotaryDimension is { } rotary ? (uint)rotary : null);
        Optionally("rope.scaling.original_context_length", LongRopeOriginalContext is { } original ? (uint)original : null);
        if (ScalingType is not null)
        {
            Meta(arch + ".rope.scaling.type", ScalingType);
            Meta(arch + ".rope.scaling.factor", ScalingFactor);
        }

        Tensor("token_embd.weight", 1f, 0f, Dimension, Vocabulary);
        if (RopeFrequencyFactors)
        {
            Optional("rope_freqs.weight", 3.5f, 4.5f, (RotaryDimension ?? headDim) / 2); // factors in [1, 8]
        }

        if (LongRopeOriginalContext is not null)
        {
            Optional("rope_factors_short.weight", 1f, 2f, (RotaryDimension ?? headDim) / 2); // factors in [1, 3]
            Optional("rope_factors_long.weight", 10f, 20f, (RotaryDimension ?? headDim) / 2);
        }

        var (fused, headNorms, postNorms) = (arch == "phi3", arch is "qwen3" or "gemma3", arch is "gemma2" or "gemma3");
        for (var l = 0; l < Layers; l++)
        {
            var p = $"blk.{l}.";
            Tensor(p + "attn_norm.weight", 0.2f, 1f, Dimension);
            if (fused)
            {
                Tensor(p + "attn_qkv.weight", 0.3f, 0f, Dimension, qDim + (2 * kvDim));
            }
            else
            {
                Tensor(p + "attn_q.weight", 0.3f, 0f, Dimension, qDim);
                Tensor(p + "attn_k.weight", 0.3f, 0f, Dimension, kvDim);
                Tensor(p + "attn_v.weight", 0.3f, 0f, Dimension, kvDim);
            }

            if (Biases)
            {
                Optional(p + "attn_q.bias", 0.5f, 0f, qDim);
                Optional(p + "attn_k.bias", 0.5f, 0f, kvDim);
                Optional(p + "attn_v.bias", 0.5f, 0f, kvDim);
            }

            if (headNorms)
            {
                Tensor(p + "attn_q_norm.weight", 0.3f, 1f, headDim);
                Tensor(p + "attn_k_norm.weight", 0.3f, 1f, headDim);
            }

            Tensor(p + "attn_output.weight", 0.2f * LayerOutputScale, 0f, qDim, Dimension);
            if (postNorms)
            {
                Tensor(p + "post_attention_norm.weight", 0.2f, LayerOutputScale, Dimension);
            }

            Tensor(p + "ffn_norm.weight", 0.2f, 1f, Dimension);
            if (fused)
            {
                Tensor(p + "ffn_up.weight", 0.3f, 0f, Dimension, 2 * Hidden);
            }
            else
            {
                Tensor(p + "ffn_gate.weight", 0.3f, 0f, Dimension, Hidden);
                Tensor(p + "ffn_up.weight", 0.3f, 0f, Dimension, Hidden);
            }

            Tensor(p + "ffn_down.weight", 0.2f * LayerOutputScale, 0f, Hidden, Dimension);
            if (postNorms)
            {
                Tensor(p + "post_ffw_norm.weight", 0.2f, LayerOutputScale, Dimension);
            }
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
