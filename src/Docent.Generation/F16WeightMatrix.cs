using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Docent.Generation;

/// <summary>
/// A float16 weight matrix read in place from a mapped file (or a pinned array): each row is widened to float32 in
/// a scratch buffer, then dotted like <see cref="F32WeightMatrix"/> (a batch widens each row once for all its
/// vectors). Immutable; thread-safe.
/// </summary>
public sealed unsafe class F16WeightMatrix : WeightMatrix
{
    private const int StackFloats = 4096;
    private readonly Half* _data;
    private readonly Half[]? _array;

    /// <summary>Wraps mapped memory at <paramref name="data"/>; <paramref name="owner"/> must keep it mapped.</summary>
    public F16WeightMatrix(Half* data, int rows, int columns, object owner)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _data = data;
        Owner = owner;
    }

    /// <summary>Copies <paramref name="data"/> (row-major) into pinned memory.</summary>
    public F16WeightMatrix(ReadOnlySpan<Half> data, int rows, int columns)
        : base(rows, columns)
    {
        if (data.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{data.Length} values do not make a {rows} × {columns} matrix.", nameof(data));
        }

        _array = GC.AllocateUninitializedArray<Half>(data.Length, pinned: true);
        data.CopyTo(_array);
        _data = (Half*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        Owner = _array;
    }

    /// <summary>The object that keeps the memory alive (the mapped file, or the pinned array).</summary>
    public object Owner { get; }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.F16;

    /// <summary>The kernel path products use (the fastest measured on this CPU for the type, <see cref="KernelCalibration"/>; tests may force another).</summary>
    internal KernelPath Path
    {
        get => _path ??= KernelCalibration.For(GgufTensorType.F16);
        set => _path = value;
    }

    private KernelPath? _path;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyRows(ReadOnlySpan<float> x, Span<float> output, int rowStart) =>
        Multiply(x, 0, output, rowStart, output.Length, 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyRowsBatch(ReadOnlySpan<float> xs, int count, Span<float> outputs, int rowStart, int rowCount)
    {
        if (xs.Length < (long)count * Columns || outputs.Length < (long)count * Rows)
        {
            throw new ArgumentException($"A batch of {count} needs {count * Columns} inputs and {count * Rows} outputs.", nameof(xs));
        }

        Multiply(xs, count, outputs[rowStart..], rowStart, rowCount, Rows);
    }

    /// <inheritdoc />
    public override void ReadRow(int row, Span<float> destination) =>
        TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(_data + (long)row * Columns, Columns), destination[..Columns]);

    /// <summary>Rows from <paramref name="rowStart"/> · <paramref name="count"/> vectors (0: one vector, outputs packed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Multiply(ReadOnlySpan<float> xs, int count, Span<float> outputs, int rowStart, int rowCount, int outputStride)
    {
        if (rowStart < 0 || rowCount < 0 || rowStart + rowCount > Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"Rows {rowStart} to {rowStart + rowCount} are outside 0 to {Rows}.");
        }

        var n = Columns;
        float[]? rented = null;
        var row = n <= StackFloats ? stackalloc float[n] : (rented = ArrayPool<float>.Shared.Rent(n)).AsSpan(0, n);
        fixed (float* rp = row)
        fixed (float* xp = xs)
        fixed (float* op = outputs)
        {
            for (var r = 0; r < rowCount; r++)
            {
                TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(_data + (long)(rowStart + r) * n, n), row);
                if (count == 0)
                {
                    op[r] = GgmlKernels.DotF32(rp, xp, n, Path);
                    continue;
                }

                for (var b = 0; b < count; b++)
                {
                    op[(long)b * outputStride + r] = GgmlKernels.DotF32(rp, xp + (long)b * n, n, Path);
                }
            }
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
