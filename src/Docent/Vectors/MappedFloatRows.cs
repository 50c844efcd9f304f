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
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly int _dimension;
    private float* _rows;

    /// <summary>Maps <paramref name="count"/> rows starting at byte <paramref name="offset"/> of the file open in <paramref name="stream"/>.</summary>
    public MappedFloatRows(FileStream stream, long offset, int count, int dimension)
    {
        this._dimension = dimension;
        Count = count;
        _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* start = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _rows = (float*)(start + _view.PointerOffset + offset);
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Rows mapped.</summary>
    public int Count { get; }

    /// <summary>Bytes of the mapped rows.</summary>
    public long Bytes => (long)Count * _dimension * sizeof(float);

    /// <summary>All rows, row-major.</summary>
    public ReadOnlySpan<float> All => new(_rows, Count * _dimension);

    public ReadOnlySpan<float> Row(int id) => new(_rows + ((long)id * _dimension), _dimension);

    public void Dispose()
    {
        if (_rows is not null)
        {
            _rows = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }
}
