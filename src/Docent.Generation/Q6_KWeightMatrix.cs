using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q6_K matrix (super-blocks of 256: 6-bit values split into low nibbles and high bit pairs, sixteen 8-bit scales, a float16 d), multiplied straight on its blocks against super-block activations: the sixteen groups of 16 accumulate as integers with their scales, and the offset of 32 comes from the activations' stored sums. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q6_KWeightMatrix : SuperBlockWeightMatrix
{
    /// <summary>Wraps mapped Q6_K rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q6_KWeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKQuantization.Q6KBytes, owner)
    {
    }

    /// <summary>Copies encoded Q6_K rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q6_KWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKQuantization.Q6KBytes)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q6_K;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q6_K (the reference quantiser).</summary>
    public static Q6_KWeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q6_K), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ6K(row, activations, blocks / 8, path);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Dot4(byte* row, byte* activations, int activationStride, int blocks, KernelPath path, float* results) =>
        GgmlKernels.DotQ6Kx4(row, activations, activationStride, blocks / 8, path, results);

    /// <inheritdoc />
    private protected override bool HasDot4 => true;
}
