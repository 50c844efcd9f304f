using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q3_K matrix (super-blocks of 256: 3-bit values as a high-bit mask and low bit pairs, sixteen signed 6-bit scales, a float16 d), multiplied straight on its blocks: each sub-block of 16 is an integer dot product of its signed levels (−4 to 3) against half a Q8 activation block, times its scale. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q3_KWeightMatrix : BlockWeightMatrix
{
    /// <summary>Wraps mapped Q3_K rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q3_KWeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKQuantization.Q3KBytes, owner, GgmlKQuantization.SuperBlock)
    {
    }

    /// <summary>Copies encoded Q3_K rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q3_KWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKQuantization.Q3KBytes, GgmlKQuantization.SuperBlock)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q3_K;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q3_K (the reference quantiser).</summary>
    public static Q3_KWeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q3_K), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ3K(row, activations, blocks, path);
}
