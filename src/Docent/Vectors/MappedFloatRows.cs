using System.IO.MemoryMappedFiles;

namespace Docent.Vectors;

/// <summary>
/// Float32 rows read in place from a memory-mapped index file, so that an int8 index keeps only its codes and
/// graph on the heap: the operating system pages rows in when re-ranking touches them and may drop them again.
/// The mapping refers to the file that was verified, even if that file is later replaced by a save (on Unix;
/// Windows refuses to replace a mapped file). Thread-safe for reads; the owner disposes it only when no reader
/// is left (under its write lock).
/// </summary>
internal sealed unsafe class MappedFloatRows : IDisposable
{
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly int dimension;
    private float* rows;

    /// <summary>Maps <paramref name="count"/> rows starting at byte <paramref name="offset"/> of the file open in <paramref name="stream"/>.</summary>
    public MappedFloatRows(FileStream stream, long offset, int count, int dimension)
    {
        this.dimension = dimension;
        Count = count;
        file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            rows = (float*)(start + view.PointerOffset + offset);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Rows mapped.</summary>
    public int Count { get; }

    /// <summary>Bytes of the mapped rows.</summary>
    public long Bytes => (long)Count * dimension * sizeof(float);

    /// <summary>All rows, row-major.</summary>
    public ReadOnlySpan<float> All => new(rows, Count * dimension);

    public ReadOnlySpan<float> Row(int id) => new(rows + ((long)id * dimension), dimension);

    public void Dispose()
    {
        if (rows is not null)
        {
            rows = null;
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
            file.Dispose();
        }
    }
}
