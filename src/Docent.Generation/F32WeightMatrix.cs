using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// A float32 weight matrix, either an array or memory inside a mapped file that <see cref="Owner"/> keeps alive.
/// Immutable; thread-safe.
/// </summary>
public sealed unsafe class F32WeightMatrix : WeightMatrix
{
    private readonly float[]? _array;
    private readonly float* _pointer;

    /// <summary>Wraps <paramref name="data"/> (row-major, <c>rows × columns</c> floats).</summary>
    public F32WeightMatrix(float[] data, int rows, int columns)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{data.Length} floats do not make a {rows} × {columns} matrix.", nameof(data));
        }

        _array = data;
    }

    /// <summary>Wraps mapped memory at <paramref name="data"/>; <paramref name="owner"/> must keep it mapped.</summary>
    public F32WeightMatrix(float* data, int rows, int columns, object owner)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _pointer = data;
        Owner = owner;
    }

    /// <summary>The object that keeps mapped memory alive, or null for an array.</summary>
    public object? Owner { get; }

    /// <inheritdoc />
    public override GgufTensorType Type => GgufTensorType.F32;

    /// <summary>All elements, row-major.</summary>
    public ReadOnlySpan<float> Span => _array ?? new ReadOnlySpan<float>(_pointer, Rows * Columns);

    /// <summary>The kernel path products use (the fastest measured on this CPU for the type, <see cref="KernelCalibration"/>; tests may force another).</summary>
    internal KernelPath Path
    {
        get => _path ??= KernelCalibration.For(GgufTensorType.F32);
        set => _path = value;
    }

    private KernelPath? _path;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyRows(ReadOnlySpan<float> x, Span<float> output, int rowStart)
    {
        var n = Columns;
        var w = Span.Slice(rowStart * n, output.Length * n);
        fixed (float* wp = w)
        fixed (float* xp = x[..n])
        {
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = GgmlKernels.DotF32(wp + (long)i * n, xp, n, Path);
            }
        }
    }

    /// <summary>Each row is read once for the whole batch (it stays in L1 while every input vector passes it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyRowsBatch(ReadOnlySpan<float> xs, int count, Span<float> outputs, int rowStart, int rowCount)
    {
        var n = Columns;
        var w = Span.Slice(rowStart * n, rowCount * n);
        if (xs.Length < (long)count * n || outputs.Length < (long)count * Rows)
        {
            throw new ArgumentException($"A batch of {count} needs {count * n} inputs and {count * Rows} outputs.", nameof(xs));
        }

        fixed (float* wp = w)
        fixed (float* xp = xs)
        fixed (float* op = outputs)
        {
            for (var i = 0; i < rowCount; i++)
            {
                for (var b = 0; b < count; b++)
                {
                    op[(long)b * Rows + rowStart + i] = GgmlKernels.DotF32(wp + (long)i * n, xp + (long)b * n, n, Path);
                }
            }
        }
    }

    /// <inheritdoc />
    public override void ReadRow(int row, Span<float> destination) => Span.Slice(row * Columns, Columns).CopyTo(destination);
}
