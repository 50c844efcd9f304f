using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Docent.Generation;

/// <summary>
/// A bfloat16 weight matrix (each value the top 16 bits of a float32) read in place from a mapped file (or a pinned
/// array) and dotted straight from its 16-bit values: the kernel widens them in registers. Immutable; thread-safe.
/// </summary>
public sealed unsafe class BF16WeightMatrix : WeightMatrix
{
    private readonly ushort* _data;
    private readonly ushort[]? _array;

    /// <summary>Wraps mapped memory at <paramref name="data"/>; <paramref name="owner"/> must keep it mapped.</summary>
    public BF16WeightMatrix(ushort* data, int rows, int columns, object owner)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _data = data;
        Owner = owner;
    }

    /// <summary>Copies bfloat16 bit patterns <paramref name="data"/> (row-major) into pinned memory.</summary>
    public BF16WeightMatrix(ReadOnlySpan<ushort> data, int rows, int columns)
        : base(rows, columns)
    {
        if (data.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{data.Length} values do not make a {rows} × {columns} matrix.", nameof(data));
        }

        _array = GC.AllocateUninitializedArray<ushort>(data.Length, pinned: true);
        data.CopyTo(_array);
        _data = (ushort*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        Owner = _array;
    }

    /// <summary>The object that keeps the memory alive (the mapped file, or the pinned array).</summary>
    public object Owner { get; }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.BF16;

    /// <summary>The kernel path products use (the fastest measured on this CPU for the type, <see cref="KernelCalibration"/>; tests may force another).</summary>
    internal KernelPath Path
    {
        get => _path ??= KernelCalibration.For(GgufTensorType.BF16);
        set => _path = value;
    }

    private KernelPath? _path;

    /// <summary>Rounds row-major float <paramref name="values"/> to bfloat16 (nearest even).</summary>
    public static BF16WeightMatrix Quantize(ReadOnlySpan<float> values, int rows, int columns) =>
        new(MemoryMarshal.Cast<byte, ushort>(GgmlQuantization.Quantize(values, GgufTensorType.BF16)), rows, columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyRows(ReadOnlySpan<float> x, Span<float> output, int rowStart)
    {
        if (rowStart < 0 || rowStart + output.Length > Rows || x.Length < Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"Rows {rowStart} to {rowStart + output.Length} are outside 0 to {Rows}, or the input is short.");
        }

        fixed (float* xp = x)
        {
            for (var r = 0; r < output.Length; r++)
            {
                output[r] = GgmlKernels.DotBF16(_data + (long)(rowStart + r) * Columns, xp, Columns, Path);
            }
        }
    }

    /// <inheritdoc />
    public override void ReadRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        var source = new ReadOnlySpan<ushort>(_data + (long)row * Columns, Columns);
        for (var i = 0; i < Columns; i++)
        {
            destination[i] = GgmlKQuantization.FromBFloat16(source[i]);
        }
    }
}
