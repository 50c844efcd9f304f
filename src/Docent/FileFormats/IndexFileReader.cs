using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Docent.FileFormats;

/// <summary>
/// Reads what <see cref="IndexFileWriter"/> wrote, hashing every byte, and refuses any length that would run past
/// the checksum trailer (so a corrupt count fails fast instead of allocating). Throws
/// <see cref="EndOfStreamException"/> or <see cref="InvalidDataException"/> on a short or corrupt file. Not thread-safe.
/// </summary>
internal sealed class IndexFileReader(Stream stream)
{
    private readonly XxHash64 _hash = new();
    private readonly long _end = stream.Length - sizeof(ulong);

    /// <summary>Bytes left before the checksum trailer.</summary>
    public long Remaining => _end - stream.Position;

    public void Read(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw new EndOfStreamException("The index file is truncated.");
        }

        stream.ReadExactly(destination);
        _hash.Append(destination);
    }

    public int ReadInt32()
    {
        Span<byte> buffer = stackalloc byte[sizeof(int)];
        Read(buffer);
        return BinaryPrimitives.ReadInt32LittleEndian(buffer);
    }

    public long ReadInt64()
    {
        Span<byte> buffer = stackalloc byte[sizeof(long)];
        Read(buffer);
        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    public double ReadDouble()
    {
        Span<byte> buffer = stackalloc byte[sizeof(double)];
        Read(buffer);
        return BinaryPrimitives.ReadDoubleLittleEndian(buffer);
    }

    /// <summary>A count that must be between 0 and <paramref name="max"/>.</summary>
    public int ReadCount(long max)
    {
        int count = ReadInt32();
        if (count < 0 || count > max)
        {
            throw new InvalidDataException($"Count {count} is out of range.");
        }

        return count;
    }

    public string ReadString()
    {
        int length = ReadCount(Math.Min(Remaining, 1 << 20));
        if (length == 0)
        {
            return string.Empty;
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(length);
        Read(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    public T[] ReadArray<T>(int count)
        where T : unmanaged
    {
        long bytes = (long)count * Unsafe.SizeOf<T>();
        if (count < 0 || bytes > Remaining)
        {
            throw new EndOfStreamException("The index file is truncated.");
        }

        T[] values = GC.AllocateUninitializedArray<T>(count);
        Read(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>True when the reader is exactly at the trailer and the trailer matches the hash of what was read.</summary>
    public bool ChecksumMatches()
    {
        if (Remaining != 0)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        stream.ReadExactly(buffer);
        return BinaryPrimitives.ReadUInt64LittleEndian(buffer) == _hash.GetCurrentHashAsUInt64();
    }
}
