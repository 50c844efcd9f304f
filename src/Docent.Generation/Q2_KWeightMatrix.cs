using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q2_K matrix (super-blocks of 256: 2-bit values, sixteen 4-bit scales and minimums, float16 d and dmin), multiplied straight on its blocks: each sub-block of 16 is an integer dot product against half a Q8 activation block, scaled, less its minimum times that half's sum. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q2_KWeightMatrix : BlockWeightMatrix
{
    /// <summary>Wraps mapped Q2_K rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q2_KWeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKQuantization.Q2KBytes, owner, GgmlKQuantization.SuperBlock)
    {
    }

    /// <summary>Copies encoded Q2_K rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q2_KWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKQuantization.Q2KBytes, GgmlKQuantization.SuperBlock)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q2_K;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q2_K (the reference quantiser).</summary>
    public static Q2_KWeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q2_K), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ2K(row, activations, blocks, path);
}
