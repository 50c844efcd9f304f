using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q5_K matrix (super-blocks of 256: float16 d and dmin, eight 6-bit scales and minimums, 5-bit values as nibbles and a high-bit mask), multiplied straight on its blocks: each sub-block of 32 is an integer dot product against one Q8 activation block, scaled, less its minimum times the activation block's sum. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q5_KWeightMatrix : BlockWeightMatrix
{
    /// <summary>Wraps mapped Q5_K rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q5_KWeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKQuantization.Q5KBytes, owner, GgmlKQuantization.SuperBlock)
    {
    }

    /// <summary>Copies encoded Q5_K rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q5_KWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKQuantization.Q5KBytes, GgmlKQuantization.SuperBlock)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q5_K;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q5_K (the reference quantiser).</summary>
    public static Q5_KWeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q5_K), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ5K(row, activations, blocks, path);
}
