using Docent.Generation;

namespace Docent.Benchmarks.Generation;

/// <summary>
/// How <see cref="GenerationBenchmark"/> stores a checkpoint's matrices: one GGML type for all of them, or
/// <c>q4_k_m</c>, the mix llama.cpp's <c>llama-quantize … Q4_K_M</c> writes (Q4_K, with Q6_K for the output
/// classifier and for the value and down projections of the first and last eighth of the layers and every third
/// layer between). Immutable.
/// </summary>
public sealed class BenchmarkWeightFormat
{
    private BenchmarkWeightFormat(string name, GgufTensorType main, uint fileType)
    {
        Name = name;
        MainType = main;
        FileType = fileType;
    }

    /// <summary>Every format, in the order `--types` lists them.</summary>
    public static IReadOnlyList<BenchmarkWeightFormat> All { get; } =
    [
        new("f32", GgufTensorType.F32, 0),
        new("f16", GgufTensorType.F16, 1),
        new("q8_0", GgufTensorType.Q8_0, 7),
        new("q4_0", GgufTensorType.Q4_0, 2),
        new("q4_k", GgufTensorType.Q4_K, 14),
        new("q6_k", GgufTensorType.Q6_K, 18),
        new("q4_k_m", GgufTensorType.Q4_K, 15),
        new("q2_k", GgufTensorType.Q2_K, 10),
        new("q3_k", GgufTensorType.Q3_K, 11),
        new("q5_k", GgufTensorType.Q5_K, 16),
    ];

    /// <summary>The format's name (`--types` value, file name part).</summary>
    public string Name { get; }

    /// <summary>The type of most matrices.</summary>
    public GgufTensorType MainType { get; }

    /// <summary>llama.cpp's <c>general.file_type</c> value for the format.</summary>
    public uint FileType { get; }

    /// <summary>Whether matrices need rows that are whole K-quant super-blocks (256 elements).</summary>
    public bool NeedsSuperBlocks => MainType is GgufTensorType.Q2_K or GgufTensorType.Q3_K or GgufTensorType.Q4_K or GgufTensorType.Q5_K or GgufTensorType.Q6_K;

    /// <summary>The GGUF file name the benchmark writes the format to.</summary>
    public string FileName => $"model-{Name}.gguf";

    /// <summary>The format named <paramref name="name"/> (case-insensitive; <c>q8</c> and <c>q4</c> are Q8_0 and Q4_0).</summary>
    public static BenchmarkWeightFormat Parse(string name)
    {
        var key = name.Trim().ToLowerInvariant() switch
        {
            "q8" => "q8_0",
            "q4" => "q4_0",
            var other => other,
        };
        return All.FirstOrDefault(f => f.Name == key)
            ?? throw new ArgumentException($"'{name}' is not a weight format; use one of {string.Join(", ", All.Select(f => f.Name))}.");
    }

    /// <summary>The format holding every matrix as <paramref name="type"/>.</summary>
    public static BenchmarkWeightFormat Of(GgufTensorType type) =>
        All.FirstOrDefault(f => f.MainType == type && f.Name != "q4_k_m") ?? throw new ArgumentException($"No benchmark format stores {type}.");

    /// <summary>The type of the matrix of <paramref name="role"/> in <paramref name="layer"/> of <paramref name="layers"/> (the tied embedding is the classifier).</summary>
    internal GgufTensorType TypeOf(WeightRole role, int layer, int layers)
    {
        if (Name != "q4_k_m")
        {
            return MainType;
        }

        // llama.cpp's use_more_bits: the first and last eighth of the layers, and every third one between.
        var moreBits = layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
        return role switch
        {
            WeightRole.Embedding => GgufTensorType.Q6_K,
            WeightRole.Value or WeightRole.Down when moreBits => GgufTensorType.Q6_K,
            _ => GgufTensorType.Q4_K,
        };
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The matrices of a llama checkpoint, as the benchmark writes them.</summary>
internal enum WeightRole
{
    Embedding,
    Query,
    Key,
    Value,
    Output,
    Gate,
    Down,
    Up,
}
