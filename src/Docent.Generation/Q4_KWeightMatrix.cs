using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q4_K matrix (super-blocks of 256: float16 d and dmin, eight 6-bit scales and minimums, 4-bit values), multiplied straight on its blocks against super-block activations: the eight sub-blocks of 32 accumulate as integers with their 6-bit scales, and the minimums come from the activations' stored sums. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q4_KWeightMatrix : SuperBlockWeightMatrix
{
    /// <summary>Wraps mapped Q4_K rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q4_KWeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKQuantization.Q4KBytes, owner)
    {
    }

    /// <summary>Copies encoded Q4_K rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q4_KWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKQuantization.Q4KBytes)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q4_K;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q4_K (the reference quantiser).</summary>
    public static Q4_KWeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q4_K), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ4K(row, activations, blocks / 8, path);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Dot4(byte* row, byte* activations, int activationStride, int blocks, KernelPath path, float* results) =>
        GgmlKernels.DotQ4Kx4(row, activations, activationStride, blocks / 8, path, results);

    /// <inheritdoc />
    private protected override bool HasDot4 => true;
}
