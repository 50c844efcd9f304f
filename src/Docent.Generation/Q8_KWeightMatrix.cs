using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A GGML Q8_K matrix (super-blocks of 256 signed bytes under a float32 d, with sums of each 16; llama.cpp's activation type, rarely a weight), multiplied straight on its blocks: each run of 32 is an integer dot product against one Q8 activation block, times d. Immutable; thread-safe.
/// </summary>
public sealed unsafe class Q8_KWeightMatrix : BlockWeightMatrix
{
    /// <summary>Wraps mapped Q8_K rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public Q8_KWeightMatrix(byte* data, int rows, int columns, object owner)
        : base(data, rows, columns, GgmlKQuantization.Q8KBytes, owner, GgmlKQuantization.SuperBlock)
    {
    }

    /// <summary>Copies encoded Q8_K rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public Q8_KWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns)
        : base(data, rows, columns, GgmlKQuantization.Q8KBytes, GgmlKQuantization.SuperBlock)
    {
    }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.Q8_K;

    /// <summary>Quantises row-major float <paramref name="values"/> to Q8_K (the reference quantiser).</summary>
    public static Q8_KWeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(GgmlQuantization.Quantize(values, GgufTensorType.Q8_K), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override float Dot(byte* row, byte* activations, int blocks, KernelPath path) => GgmlKernels.DotQ8K(row, activations, blocks, path);
}
