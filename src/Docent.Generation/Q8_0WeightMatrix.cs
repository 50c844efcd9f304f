using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q8_0 matrix (blocks of 32: a float16 scale, then 32 signed bytes), multiplied straight on its blocks:
/// integer dot products against the Q8 activations times the two scales. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q8_0WeightMatrix : BlockWeightMatrix
{
    /// <summary>Wraps mapped Q8_0 rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q8_0WeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKernels.Q8BlockBytes, owner)
    {
    }

    /// <summary>Copies encoded Q8_0 rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q8_0WeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKernels.Q8BlockBytes)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q8_0;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q8_0 (ggml's rounding).</summary>
    public static Q8_0WeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q8_0), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ8(row, activations, blocks, path);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Dot4(byte* row, byte* activations, int activationStride, int blocks, KernelPath path, float* results) =>
        GgmlKernels.DotQ8x4(row, activations, activationStride, blocks, path, results);

    /// <inheritdoc />
    private protected override bool HasDot4 => true;
}
