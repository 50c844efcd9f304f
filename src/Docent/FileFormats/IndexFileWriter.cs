using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Docent.FileFormats;

/// <summary>
/// Writes the little-endian primitives of an index file (lexical or vector) while hashing every byte with XxHash64,
/// then appends the hash as the file's last eight bytes. Arrays go out in bulk. Not thread-safe.
/// </summary>
internal sealed class IndexFileWriter(Stream stream)
{
    /// <summary>
    /// Writes an index file safely: <paramref name="writeBody"/> fills a temporary file beside <paramref name="path"/>,
    /// the checksum is appended, the file is flushed to disk and renamed over the target, so readers see the old
    /// file or the new one, never a torn one. The temporary file is removed if anything fails.
    /// </summary>
    public static void WriteAtomically(string path, Action<IndexFileWriter, FileStream> writeBody)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Docent's index file formats need a little-endian machine.");
        }

        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var writer = new IndexFileWriter(stream);
                writeBody(writer, stream);
                writer.WriteChecksum();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private readonly XxHash64 _hash = new();

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _hash.Append(bytes);
        stream.Write(bytes);
    }

    public void WriteInt32(int value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        Write(buffer);
    }

    public void WriteInt64(long value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        Write(buffer);
    }

    public void WriteDouble(double value)
    {
        Span<byte> buffer = stackalloc byte[sizeof(double)];
        BinaryPrimitives.WriteDoubleLittleEndian(buffer, value);
        Write(buffer);
    }

    /// <summary>A byte length, then the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        byte[]? rented = null;
        Span<byte> buffer = length <= 256 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            int written = Encoding.UTF8.GetBytes(value, buffer);
            Write(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The elements' bytes in memory order (little-endian: callers check the platform).</summary>
    public void WriteArray<T>(ReadOnlySpan<T> values)
        where T : unmanaged => Write(MemoryMarshal.AsBytes(values));

    /// <summary>Appends the hash of everything written so far (not itself hashed).</summary>
    public void WriteChecksum()
    {
        Span<byte> buffer = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, _hash.GetCurrentHashAsUInt64());
        stream.Write(buffer);
    }
}
