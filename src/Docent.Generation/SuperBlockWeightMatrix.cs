using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// Base of the K-quant matrices whose products run against super-block activations (one scale per 256 inputs and a
/// sum per 16, <see cref="GgmlKernels.QuantizeSuperBlockActivations"/>) rather than the 32-element blocks Q8_0 and Q4_0
/// use, so each super-block's sub-blocks accumulate as integers. Immutable; thread-safe.
/// </summary>
public abstract unsafe class SuperBlockWeightMatrix : BlockWeightMatrix
{
    /// <summary>Wraps mapped rows of super-blocks of <paramref name="blockBytes"/> bytes; <paramref name="owner"/> keeps them mapped.</summary>
    private protected SuperBlockWeightMatrix(byte* data, int rows, int columns, int blockBytes, object owner)
        : base(data, rows, columns, blockBytes, owner, GgmlKQuantization.SuperBlock)
    {
    }

    /// <summary>Copies encoded rows of super-blocks into pinned memory.</summary>
    private protected SuperBlockWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns, int blockBytes)
        : base(data, rows, columns, blockBytes, GgmlKQuantization.SuperBlock)
    {
    }

    /// <inheritdoc />
    public override int PreparedInputBytes => GgmlKernels.SuperBlockActivationBytes(Columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void PrepareInput(ReadOnlySpan<float> x, Span<byte> prepared) =>
        GgmlKernels.QuantizeSuperBlockActivations(x[..Columns], prepared, Path == KernelPath.Scalar ? KernelPath.Scalar : GgmlKernels.Best);
}
