using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Docent.Vectors;

/// <summary>
/// The level-0 records of an HNSW graph in one pinned buffer of fixed-size records, as hnswlib's
/// <c>data_level0_memory_</c>: per node its neighbour count, up to <c>2M</c> neighbour ids and, when
/// <see cref="InlineRows"/>, its float32 row starting on the next 64-byte boundary. Records are 64-byte aligned
/// and their size a multiple of 64, so visiting a node touches one region (its list and its row in adjacent
/// cache lines of one page) and a row never straddles more cache lines than it must. The buffer is native
/// memory (a stable address, read by the graph search through a raw pointer without bounds checks); from 2 MiB
/// up it is 2 MiB-aligned and, on Linux, advised for transparent huge pages, so a search's random visits miss the
/// TLB far less (where the system's setting allows it; otherwise ordinary pages). Freed by <see cref="Dispose"/>
/// or, failing that, the finalizer. Not thread-safe: the owning index guards it (resizing and disposal only
/// under its write lock).
/// </summary>
internal sealed unsafe partial class Level0Store : IDisposable
{
    private const nuint HugePage = 2 << 20;
    private const int MadviseHugePage = 14;

    private const int Alignment = 64;

    private readonly int _slotInts;
    private readonly int _dimension;
    private byte* _base;
    private long _bytes;

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

    /// <summary>Bytes held (capacity × record size).</summary>
    public long Bytes => _bytes;

    /// <summary>The first record; record <c>id</c> is at <c>Base + id · RecordBytes</c>.</summary>
    public byte* Base => _base;

    /// <summary>The address of the first record, as a number (for alignment checks).</summary>
    public nint Address => (nint)_base;

    /// <summary>Negated inner products of <paramref name="query"/> with the inline rows; valid until the next resize.</summary>
    public FloatDotSpace DotSpace(float[] query) => new(_base + RowOffset, RecordBytes, _dimension, query);

    /// <summary>Squared Euclidean distances of <paramref name="query"/> to the inline rows; valid until the next resize.</summary>
    public FloatL2Space L2Space(float[] query) => new(_base + RowOffset, RecordBytes, _dimension, query);

    /// <summary>The most records a store of this record size can hold.</summary>
    public int MaxCapacity => (int)Math.Min(Array.MaxLength, long.MaxValue / 2 / RecordBytes);

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

        long bytes = Math.Max((long)capacity * RecordBytes, Alignment);
        bool huge = bytes >= (long)HugePage;
        if (huge)
        {
            bytes = (long)(((nuint)bytes + HugePage - 1) & ~(HugePage - 1));
        }

        byte* next = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, huge ? HugePage : Alignment);
        if (huge && OperatingSystem.IsLinux())
        {
            // Before the first touch, so the pages are faulted in huge; a refusal (THP off) leaves ordinary pages.
            _ = Madvise(next, (nuint)bytes, MadviseHugePage);
        }

        int copied = Math.Min(keep, capacity);
        long kept = (long)copied * RecordBytes;
        if (kept > 0)
        {
            Buffer.MemoryCopy(_base, next, bytes, kept);
        }

        NativeMemory.Clear(next + kept, (nuint)(bytes - kept));
        GC.AddMemoryPressure(bytes);
        Free();
        _base = next;
        _bytes = bytes;
        Capacity = capacity;
    }

    /// <summary>Frees the buffer; the store is empty afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~Level0Store() => Free();

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

    private void Free()
    {
        if (_base is not null)
        {
            NativeMemory.AlignedFree(_base);
            GC.RemoveMemoryPressure(_bytes);
            _base = null;
            _bytes = 0;
            Capacity = 0;
        }
    }

    private static int RoundUp(int bytes) => (bytes + Alignment - 1) & ~(Alignment - 1);
}
