using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Generation;

/// <summary>
/// Base of the GGML block-quantised matrices (Q8_0, Q4_0, and the K-quants Q2_K to Q8_K with super-blocks of 256). Rows are whole blocks read in place from a mapped file (or a pinned array); a product
/// quantises the input once to 8-bit activations (<see cref="PrepareInput"/>) and each row is a run of integer block
/// dot products. Immutable; thread-safe.
/// </summary>
public abstract unsafe class BlockWeightMatrix : WeightMatrix
{
    private readonly byte[]? _array;

    /// <summary>Wraps <paramref name="data"/>: <paramref name="rows"/> rows of blocks of <paramref name="blockElements"/> elements in <paramref name="blockBytes"/> bytes.</summary>
    private protected BlockWeightMatrix(byte* data, int rows, int columns, int blockBytes, object owner, int blockElements = GgmlKernels.Block)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(owner);
        CheckColumns(columns, blockElements);
        Data = data;
        BlockBytes = blockBytes;
        RowBytes = columns / blockElements * blockBytes;
        Owner = owner;
    }

    /// <summary>Copies encoded <paramref name="data"/> into a pinned array (tests and in-memory models).</summary>
    private protected BlockWeightMatrix(ReadOnlySpan<byte> data, int rows, int columns, int blockBytes, int blockElements = GgmlKernels.Block)
        : base(rows, columns)
    {
        CheckColumns(columns, blockElements);
        BlockBytes = blockBytes;
        RowBytes = columns / blockElements * blockBytes;
        if (data.Length != (long)RowBytes * rows)
        {
            throw new ArgumentException($"{data.Length} bytes do not make {rows} rows of {columns} {GetType().Name} elements.", nameof(data));
        }

        _array = GC.AllocateUninitializedArray<byte>(data.Length, pinned: true);
        data.CopyTo(_array);
        Data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        Owner = _array;
    }

    /// <summary>The object that keeps the memory alive (the mapped file, or the pinned array).</summary>
    public object Owner { get; }

    /// <summary>The encoded rows, row-major.</summary>
    public ReadOnlySpan<byte> Bytes => new(Data, RowBytes * Rows);

    /// <summary>Bytes per row.</summary>
    public int RowBytes { get; }

    /// <summary>Bytes per block (of 32 elements; of 256 for the K-quants).</summary>
    protected int BlockBytes { get; }

    /// <summary>The first byte of row 0.</summary>
    protected byte* Data { get; }

    /// <summary>The kernel path products use (the fastest measured on this CPU for the type, <see cref="KernelCalibration"/>; tests may force another).</summary>
    internal KernelPath Path
    {
        get => _path ??= KernelCalibration.For(Type);
        set => _path = value;
    }

    private KernelPath? _path;

    /// <inheritdoc />
    public override int PreparedInputBytes => GgmlKernels.ActivationBytes(Columns);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void PrepareInput(ReadOnlySpan<float> x, Span<byte> prepared) =>
        GgmlKernels.QuantizeActivations(x[..Columns], prepared, Path == KernelPath.Scalar ? KernelPath.Scalar : GgmlKernels.Best);

    /// <inheritdoc />
    public override void MultiplyRows(ReadOnlySpan<float> x, Span<float> output, int rowStart)
    {
        var bytes = PreparedInputBytes;
        byte[]? rented = null;
        var prepared = bytes <= 16384 ? stackalloc byte[bytes] : (rented = ArrayPool<byte>.Shared.Rent(bytes)).AsSpan(0, bytes);
        PrepareInput(x, prepared);
        MultiplyRowsPrepared(x, prepared, output, rowStart);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyRowsPrepared(ReadOnlySpan<float> x, ReadOnlySpan<byte> prepared, Span<float> output, int rowStart)
    {
        CheckRows(rowStart, output.Length);
        if (prepared.Length < PreparedInputBytes)
        {
            throw new ArgumentException($"The prepared input holds {prepared.Length} bytes, not {PreparedInputBytes}.", nameof(prepared));
        }

        fixed (byte* activations = prepared)
        fixed (float* o = output)
        {
            DotRows(Data + (long)rowStart * RowBytes, output.Length, activations, 0, 1, o, 1);
        }
    }

    /// <inheritdoc />
    public override void MultiplyRowsBatch(ReadOnlySpan<float> xs, int count, Span<float> outputs, int rowStart, int rowCount)
    {
        var each = PreparedInputBytes;
        var prepared = ArrayPool<byte>.Shared.Rent(each * count);
        for (var b = 0; b < count; b++)
        {
            PrepareInput(xs.Slice(b * Columns, Columns), prepared.AsSpan(b * each, each));
        }

        MultiplyRowsBatchPrepared(xs, prepared.AsSpan(0, each * count), count, outputs, rowStart, rowCount);
        ArrayPool<byte>.Shared.Return(prepared);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void MultiplyRowsBatchPrepared(ReadOnlySpan<float> xs, ReadOnlySpan<byte> prepared, int count, Span<float> outputs, int rowStart, int rowCount)
    {
        CheckRows(rowStart, rowCount);
        if (prepared.Length < (long)PreparedInputBytes * count || outputs.Length < (long)Rows * count)
        {
            throw new ArgumentException($"The batch of {count} needs {PreparedInputBytes * count} prepared bytes and {Rows * count} outputs.", nameof(prepared));
        }

        fixed (byte* activations = prepared)
        fixed (float* o = outputs)
        {
            DotRows(Data + (long)rowStart * RowBytes, rowCount, activations, count, PreparedInputBytes, o + rowStart, Rows);
        }
    }

    /// <inheritdoc />
    public override void ReadRow(int row, Span<float> destination)
    {
        CheckRows(row, 1);
        GgmlQuantization.Dequantize(new ReadOnlySpan<byte>(Data + (long)row * RowBytes, RowBytes), Type, destination[..Columns]);
    }

    /// <summary>How many rows ahead a single-vector product asks for its weights.</summary>
    private const int PrefetchRows = 4;

    /// <summary>Bytes of weight rows a batch product runs against one group of four vectors before the next group (with the group's activations they stay in a 48 KiB L1 cache).</summary>
    private const int RowTileBytes = 16 * 1024;

    /// <summary>
    /// <c>output[v * outputStride + r] = row(r) · activations(v)</c> for <paramref name="rowCount"/> rows from
    /// <paramref name="rows"/> and <paramref name="vectors"/> activation vectors (0: a single vector, written at
    /// <c>output[r]</c>) <paramref name="activationStride"/> bytes apart. A batch runs in tiles of rows: each group of
    /// four vectors goes over the tile's rows with the four-vector kernel while rows and activations are in L1 (a row
    /// at a time against every vector re-read every vector's activations from L2 for each row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected void DotRows(byte* rows, int rowCount, byte* activations, int vectors, int activationStride, float* output, int outputStride)
    {
        var blocks = Columns / GgmlKernels.Block;
        var path = Path;
        if (vectors == 0)
        {
            var prefetch = Sse.IsSupported;
            for (var r = 0; r < rowCount; r++)
            {
                var row = rows + (long)r * RowBytes;
                if (prefetch && r + PrefetchRows < rowCount)
                {
                    // A row a few ahead, line by line: mapped weights stream from memory in 4 KiB pages, and the hardware
                    // prefetcher stops at every page edge (a measured gain on the ~1B model, whose weights do not fit the caches).
                    var ahead = row + (PrefetchRows * (long)RowBytes);
                    for (var line = 0; line < RowBytes; line += 64)
                    {
                        Sse.Prefetch0(ahead + line);
                    }
                }

                output[r] = Dot(row, activations, blocks, path);
            }

            return;
        }

        var four = stackalloc float[4];
        var grouped = HasDot4 && GgmlKernels.HasFourVectorKernels(path) ? vectors / 4 * 4 : 0;
        var tileRows = Math.Max(1, RowTileBytes / RowBytes);
        for (var tile = 0; tile < rowCount; tile += tileRows)
        {
            var tileEnd = Math.Min(rowCount, tile + tileRows);
            for (var v = 0; v < grouped; v += 4)
            {
                var x = activations + (long)v * activationStride;
                for (var r = tile; r < tileEnd; r++)
                {
                    Dot4(rows + (long)r * RowBytes, x, activationStride, blocks, path, four);
                    for (var i = 0; i < 4; i++)
                    {
                        output[(long)(v + i) * outputStride + r] = four[i];
                    }
                }
            }

            for (var v = grouped; v < vectors; v++)
            {
                var x = activations + (long)v * activationStride;
                for (var r = tile; r < tileEnd; r++)
                {
                    output[(long)v * outputStride + r] = Dot(rows + (long)r * RowBytes, x, blocks, path);
                }
            }
        }
    }

    /// <summary>One row · one activation vector (<paramref name="blocks"/> activation blocks of 32) on <paramref name="path"/>.</summary>
    private protected abstract float Dot(byte* row, byte* activations, int blocks, KernelPath path);

    /// <summary>Whether the type has <see cref="Dot4"/> (on the paths <see cref="GgmlKernels.HasFourVectorKernels"/> accepts).</summary>
    private protected virtual bool HasDot4 => false;

    /// <summary>
    /// One row · four activation vectors <paramref name="activationStride"/> bytes apart into <paramref name="results"/>,
    /// each bit for bit what <see cref="Dot"/> gives on the same path. Called only where <see cref="HasDot4"/> and
    /// <see cref="GgmlKernels.HasFourVectorKernels"/> hold.
    /// </summary>
    private protected virtual void Dot4(byte* row, byte* activations, int activationStride, int blocks, KernelPath path, float* results) =>
        throw new NotSupportedException($"{Type} has no four-vector kernel.");

    private static void CheckColumns(int columns, int blockElements)
    {
        if (columns % blockElements != 0)
        {
            throw new ArgumentException($"Rows of {columns} elements are not whole blocks of {blockElements}.", nameof(columns));
        }
    }

    private void CheckRows(int rowStart, int rowCount)
    {
        if (rowStart < 0 || rowCount < 0 || rowStart + rowCount > Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"Rows {rowStart} to {rowStart + rowCount} are outside 0 to {Rows}.");
        }
    }
}
