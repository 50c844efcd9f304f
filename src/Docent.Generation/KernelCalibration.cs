using System.Collections.Concurrent;
using System.Diagnostics;

namespace Docent.Generation;

/// <summary>
/// Chooses each matrix type's kernel path by timing it on this CPU, once per type and process, the first time a
/// matrix of that type multiplies: feature flags alone mislead (AVX-512 was the slowest path for float32 on one Zen
/// CPU measured and the fastest for Q4_K on this one; a CPU may have AVX-512 VNNI without AVX-VNNI). Each SIMD path the
/// CPU supports runs a 256 × 2048 product of that type, the paths taking turns for several rounds, and the fastest
/// round of each decides (about 10 ms per type). <see cref="GgmlKernels.PathVariable"/> forces one path for every type.
/// Thread-safe.
/// </summary>
internal static class KernelCalibration
{
    private const int Rows = 256;
    private const int Columns = 2048;
    private const int Rounds = 7;

    private static readonly ConcurrentDictionary<GgufTensorType, KernelPath> Chosen = new();

    /// <summary>The path products of <paramref name="type"/> use here.</summary>
    public static KernelPath For(GgufTensorType type) =>
        Environment.GetEnvironmentVariable(GgmlKernels.PathVariable) is { Length: > 0 } ? GgmlKernels.Best : Chosen.GetOrAdd(type, Measure);

    /// <summary>The choices made so far in this process, e.g. "Q4_K Avx512, Q6_K AvxVnni" (for benchmark reports).</summary>
    public static string Describe() =>
        Environment.GetEnvironmentVariable(GgmlKernels.PathVariable) is { Length: > 0 }
            ? $"{GgmlKernels.Best} (forced)"
            : string.Join(", ", Chosen.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"));

    private static KernelPath Measure(GgufTensorType type)
    {
        // Types without AVX-512 kernels run their AVX2 kernel on that path: timing it again would only let noise pick a
        // misleading name.
        var candidates = GgmlKernels.Supported().Where(p => p != KernelPath.Scalar && (p != KernelPath.Avx512 || HasAvx512Kernels(type))).ToArray();
        if (candidates.Length <= 1)
        {
            return candidates.Length == 1 ? candidates[0] : KernelPath.Scalar;
        }

        var random = new Random(1);
        var values = new float[Rows * Columns];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        var x = values.AsSpan(0, Columns).ToArray();
        var output = new float[Rows];
        var matrices = candidates.Select(path => Create(type, values, path)).ToArray();
        var best = Enumerable.Repeat(long.MaxValue, candidates.Length).ToArray();
        var clock = new Stopwatch();
        for (var round = 0; round < Rounds + 2; round++)
        {
            for (var c = 0; c < candidates.Length; c++)
            {
                clock.Restart();
                matrices[c].MultiplyRows(x, output, 0);
                var ticks = clock.ElapsedTicks;
                if (round >= 2)
                {
                    // The first two rounds warm the caches and the JIT; after that the fastest round is the least disturbed.
                    best[c] = Math.Min(best[c], ticks);
                }
            }
        }

        return candidates[Array.IndexOf(best, best.Min())];
    }

    /// <summary>Whether <paramref name="type"/> has kernels of its own on <see cref="KernelPath.Avx512"/> (BF16, Q2_K, Q3_K, Q5_K and Q8_K have AVX2 ones only).</summary>
    internal static bool HasAvx512Kernels(GgufTensorType type) =>
        type is GgufTensorType.F32 or GgufTensorType.F16 or GgufTensorType.Q8_0 or GgufTensorType.Q4_0 or GgufTensorType.Q4_K or GgufTensorType.Q6_K;

    private static WeightMatrix Create(GgufTensorType type, float[] values, KernelPath path)
    {
        switch (type)
        {
            case GgufTensorType.F32:
                return new F32WeightMatrix(values, Rows, Columns) { Path = path };
            case GgufTensorType.F16:
                return new F16WeightMatrix(values.Select(v => (Half)v).ToArray(), Rows, Columns) { Path = path };
            case GgufTensorType.BF16:
                return new BF16WeightMatrix(values.Select(v => (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)).ToArray(), Rows, Columns) { Path = path };
            default:
                var encoded = GgmlQuantization.Quantize(values, type);
                BlockWeightMatrix matrix = type switch
                {
                    GgufTensorType.Q8_0 => new Q8_0WeightMatrix(encoded, Rows, Columns),
                    GgufTensorType.Q4_0 => new Q4_0WeightMatrix(encoded, Rows, Columns),
                    GgufTensorType.Q2_K => new Q2_KWeightMatrix(encoded, Rows, Columns),
                    GgufTensorType.Q3_K => new Q3_KWeightMatrix(encoded, Rows, Columns),
                    GgufTensorType.Q4_K => new Q4_KWeightMatrix(encoded, Rows, Columns),
                    GgufTensorType.Q5_K => new Q5_KWeightMatrix(encoded, Rows, Columns),
                    GgufTensorType.Q6_K => new Q6_KWeightMatrix(encoded, Rows, Columns),
                    GgufTensorType.Q8_K => new Q8_KWeightMatrix(encoded, Rows, Columns),
                    _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No kernel to calibrate."),
                };
                matrix.Path = path;
                return matrix;
        }
    }
}
