using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>
/// The level-0 records of an HNSW graph in one pinned buffer of fixed-size records, as hnswlib's
/// <c>data_level0_memory_</c>: per node its neighbour count, up to <c>2M</c> neighbour ids and, when
/// <see cref="InlineRows"/>, its float32 row starting on the next 64-byte boundary. Records are 64-byte aligned
/// and their size a multiple of 64, so visiting a node touches one region (its list and its row in adjacent
/// cache lines of one page) and a row never straddles more cache lines than it must. The buffer lives on the
/// pinned object heap, so its address is stable and the graph search reads it through a raw pointer without
/// bounds checks. Not thread-safe: the owning index guards it (resizing only under its write lock).
/// </summary>
internal sealed unsafe class Level0Store
{
    private const int Alignment = 64;

    private readonly int _slotInts;
    private readonly int _dimension;
    private int[] _buffer = [];
    private byte* _base;

    /// <summary>Creates an empty store of records holding <paramref name="slotInts"/> ints (count and ids), and rows of <paramref name="dimension"/> floats when <paramref name="inlineRows"/>.</summary>
    public Level0Store(int slotInts, int dimension, bool inlineRows)
    {
        _slotInts = slotInts;
        _dimension = dimension;
        InlineRows = inlineRows;
        if (inlineRows)
        {
            RowOffset = RoundUp(slotInts * sizeof(int));
            RecordBytes = RowOffset + RoundUp(dimension * sizeof(float));
        }
        else
        {
            RowOffset = 0;
            RecordBytes = slotInts * sizeof(int);
        }
    }

    /// <summary>Whether records hold the float32 rows after the neighbour lists.</summary>
    public bool InlineRows { get; }

    /// <summary>Bytes per record (a multiple of 64 with inline rows).</summary>
    public int RecordBytes { get; }

    /// <summary>Where a record's row starts, in bytes from the record's start.</summary>
    public int RowOffset { get; }

    /// <summary>How many records fit.</summary>
    public int Capacity { get; private set; }

    /// <summary>Bytes held (capacity × record size, plus alignment slack).</summary>
    public long Bytes => (long)_buffer.Length * sizeof(int);

    /// <summary>The first record; record <c>id</c> is at <c>Base + id · RecordBytes</c>.</summary>
    public byte* Base => _base;

    /// <summary>The most records a store of this record size can hold.</summary>
    public int MaxCapacity => (int)Math.Min(int.MaxValue, ((long)Array.MaxLength * sizeof(int) - Alignment) / RecordBytes);

    /// <summary>Node <paramref name="id"/>'s level-0 slot: the neighbour count, then the ids.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<int> Slot(int id) => new(_base + ((nint)id * RecordBytes), _slotInts);

    /// <summary>Node <paramref name="id"/>'s row (only with <see cref="InlineRows"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Row(int id) => new(_base + ((nint)id * RecordBytes) + RowOffset, _dimension);

    /// <summary>Hints the processor to load node <paramref name="id"/>'s neighbour list (its first and last cache lines and the one between).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchSlot(int id)
    {
        if (Sse.IsSupported)
        {
            byte* slot = _base + ((nint)id * RecordBytes);
            Sse.Prefetch0(slot);
            Sse.Prefetch0(slot + 64);
            Sse.Prefetch0(slot + ((_slotInts * sizeof(int)) - 1));
        }
    }

    /// <summary>Grows (or shrinks) to <paramref name="capacity"/> records, keeping the first <paramref name="keep"/>; new records are zero.</summary>
    public void Resize(int capacity, int keep)
    {
        if (capacity > MaxCapacity)
        {
            throw new InvalidOperationException($"The index cannot hold more than {MaxCapacity} vectors of dimension {_dimension}.");
        }

        long bytes = ((long)capacity * RecordBytes) + Alignment;
        int[] next = GC.AllocateArray<int>((int)((bytes + sizeof(int) - 1) / sizeof(int)), pinned: true);
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(next));
        byte* aligned = (byte*)(((nuint)start + (Alignment - 1)) & ~(nuint)(Alignment - 1));
        int copied = Math.Min(keep, capacity);
        if (copied > 0)
        {
            Buffer.MemoryCopy(_base, aligned, (long)capacity * RecordBytes, (long)copied * RecordBytes);
        }

        _buffer = next;
        _base = aligned;
        Capacity = capacity;
    }

    private static int RoundUp(int bytes) => (bytes + Alignment - 1) & ~(Alignment - 1);
}
