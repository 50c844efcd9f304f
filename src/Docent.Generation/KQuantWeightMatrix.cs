using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Docent.Generation;

/// <summary>
/// A GGML K-quant matrix (Q4_K or Q6_K: super-blocks of 256 values) read in place from a mapped file (or a pinned
/// array). Each row is decoded to float32 in a scratch buffer by the scalar reference
/// (<see cref="GgmlQuantization.Dequantize"/>) and dotted with the SIMD float kernel; a batch decodes each row once
/// for all its vectors. Correct first: no integer K-quant kernel yet. Immutable; thread-safe.
/// </summary>
public sealed unsafe class KQuantWeightMatrix : WeightMatrix
{
    private const int StackFloats = 4096;
    private readonly byte* _data;
    private readonly byte[]? _array;
    private readonly GgufTensorType _type;

    /// <summary>Wraps mapped <paramref name="type"/> rows at <paramref name="data"/>; <paramref name="owner"/> must keep them mapped.</summary>
    public KQuantWeightMatrix(GgufTensorType type, byte* data, int rows, int columns, object owner)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _type = CheckType(type, columns);
        RowBytes = (int)GgmlQuantization.ByteCount(type, columns);
        _data = data;
        Owner = owner;
    }

    /// <summary>Copies encoded <paramref name="type"/> rows (as <see cref="GgmlQuantization.Quantize"/> writes them) into pinned memory.</summary>
    public KQuantWeightMatrix(GgufTensorType type, ReadOnlySpan<byte> data, int rows, int columns)
        : base(rows, columns)
    {
        _type = CheckType(type, columns);
        RowBytes = (int)GgmlQuantization.ByteCount(type, columns);
        if (data.Length != (long)RowBytes * rows)
        {
            throw new ArgumentException($"{data.Length} bytes do not make {rows} rows of {columns} {type} elements.", nameof(data));
        }

        _array = GC.AllocateUninitializedArray<byte>(data.Length, pinned: true);
        data.CopyTo(_array);
        _data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        Owner = _array;
    }

    /// <summary>The object that keeps the memory alive (the mapped file, or the pinned array).</summary>
    public object Owner { get; }

    /// <summary>Bytes per row.</summary>
    public int RowBytes { get; }

    /// <inheritdoc />
    public override GgufTensorType Type => _type;

    /// <summary>The kernel path products use (the fastest this CPU has; tests may force another).</summary>
    internal KernelPath Path { get; set; } = GgmlKernels.Best;

    /// <summary>Quantises row-major float <paramref name="values"/> to <paramref name="type"/> (the reference quantiser).</summary>
    public static KQuantWeightMatrix Quantize(ReadOnlySpan<float> values, GgufTensorType type, int rows, int columns) =>
        new(type, GgmlQuantization.Quantize(values, type), rows, columns);

    /// <inheritdoc />
    public override void MultiplyRows(ReadOnlySpan<float> x, Span<float> output, int rowStart) =>
        Multiply(x, 0, output, rowStart, output.Length, 0);

    /// <inheritdoc />
    public override void MultiplyRowsBatch(ReadOnlySpan<float> xs, int count, Span<float> outputs, int rowStart, int rowCount)
    {
        if (xs.Length < (long)count * Columns || outputs.Length < (long)count * Rows)
        {
            throw new ArgumentException($"A batch of {count} needs {count * Columns} inputs and {count * Rows} outputs.", nameof(xs));
        }

        Multiply(xs, count, outputs[rowStart..], rowStart, rowCount, Rows);
    }

    /// <inheritdoc />
    public override void ReadRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        GgmlQuantization.Dequantize(new ReadOnlySpan<byte>(_data + (long)row * RowBytes, RowBytes), _type, destination[..Columns]);
    }

    private static GgufTensorType CheckType(GgufTensorType type, int columns)
    {
        if (type is not (GgufTensorType.Q4_K or GgufTensorType.Q6_K))
        {
            throw new ArgumentException($"{type} is not a K-quant type this matrix reads (Q4_K, Q6_K).", nameof(type));
        }

        return columns % GgmlKQuantization.SuperBlock == 0
            ? type
            : throw new ArgumentException($"Rows of {columns} elements are not whole super-blocks of {GgmlKQuantization.SuperBlock}.", nameof(columns));
    }

    /// <summary>Rows from <paramref name="rowStart"/> · <paramref name="count"/> vectors (0: one vector, outputs packed).</summary>
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
                GgmlQuantization.Dequantize(new ReadOnlySpan<byte>(_data + (long)(rowStart + r) * RowBytes, RowBytes), _type, row);
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
