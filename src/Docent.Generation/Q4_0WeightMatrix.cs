using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q4_0 matrix (blocks of 32: a float16 scale, then 16 bytes of 4-bit values offset by 8), multiplied straight on its blocks:
/// integer dot products against the Q8 activations times the two scales. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q4_0WeightMatrix : BlockWeightMatrix
{
    /// <summary>Wraps mapped Q4_0 rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q4_0WeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKernels.Q4BlockBytes, owner)
    {
    }

    /// <summary>Copies encoded Q4_0 rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q4_0WeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKernels.Q4BlockBytes)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q4_0;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q4_0 (ggml's rounding).</summary>
    public static Q4_0WeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q4_0), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ4(row, activations, blocks, path);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Dot4(byte* row, byte* activations, int activationStride, int blocks, KernelPath path, float* results) =>
        GgmlKernels.DotQ4x4(row, activations, activationStride, blocks, path, results);

    /// <inheritdoc />
    private protected override bool HasDot4 => true;
}
