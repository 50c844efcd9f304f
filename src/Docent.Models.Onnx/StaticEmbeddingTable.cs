using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Docent.Models.Onnx;

/// <summary>
/// A static token-embedding table: one row per WordPiece vocabulary id, each already scaled by its token's weight, so a
/// text's vector is the normalised sum of its tokens' rows. Read from and written to one cache file (magic <c>DCST</c>,
/// format version, the model id and table recipe it was distilled for, the vocabulary's hash, the rows, and an XxHash64
/// of everything before it). Immutable once built; thread-safe for reading.
/// </summary>
public sealed class StaticEmbeddingTable
{
    private const uint Magic = 0x54534344; // "DCST" little-endian
    private const int FormatVersion = 1;

    private readonly float[] _rows;

    /// <summary>Wraps rows laid out one after another (<paramref name="rowCount"/> × <paramref name="dimensions"/>).</summary>
    public StaticEmbeddingTable(string key, ulong vocabularyHash, int rowCount, int dimensions, float[] rows)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (rows.Length != (long)rowCount * dimensions)
        {
            throw new ArgumentException($"Expected {rowCount} × {dimensions} values, got {rows.Length}.", nameof(rows));
        }

        Key = key;
        VocabularyHash = vocabularyHash;
        RowCount = rowCount;
        Dimensions = dimensions;
        _rows = rows;
    }

    /// <summary>What the table was distilled for: the source model id and the recipe version ("all-MiniLM-L6-v2-static-v1").</summary>
    public string Key { get; }

    /// <summary>XxHash64 of the vocabulary text the rows are indexed by.</summary>
    public ulong VocabularyHash { get; }

    /// <summary>Number of rows (the vocabulary size).</summary>
    public int RowCount { get; }

    /// <summary>Length of every row.</summary>
    public int Dimensions { get; }

    /// <summary>The weighted row of token <paramref name="id"/>.</summary>
    public ReadOnlySpan<float> Row(int id) => _rows.AsSpan(id * Dimensions, Dimensions);

    /// <summary>Hash of a vocabulary text, as stored in <see cref="VocabularyHash"/>.</summary>
    public static ulong HashVocabulary(string vocabularyText) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(vocabularyText));

    /// <summary>Writes the table to <paramref name="path"/> atomically: a temporary file beside it, flushed, then renamed over it.</summary>
    public void Save(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = $"{fullPath}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var hash = new XxHash64();
                void Write(ReadOnlySpan<byte> bytes)
                {
                    hash.Append(bytes);
                    stream.Write(bytes);
                }

                var header = new byte[4 + 4 + 8 + 4 + 4];
                BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), FormatVersion);
                BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), VocabularyHash);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), RowCount);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), Dimensions);
                Write(header);
                var key = Encoding.UTF8.GetBytes(Key);
                Span<byte> keyLength = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(keyLength, key.Length);
                Write(keyLength);
                Write(key);
                Write(MemoryMarshal.AsBytes(_rows.AsSpan()));
                Span<byte> checksum = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(checksum, hash.GetCurrentHashAsUInt64());
                stream.Write(checksum);
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

    /// <summary>The largest table file read: a 250,000-token vocabulary of 1,024 floats each (the shipped one is 47 MB).</summary>
    private const long MaxFileBytes = 250_000L * 1024 * sizeof(float) + (1 << 20);

    /// <summary>
    /// Reads a table file; null (with the reason in <paramref name="problem"/>) when it is missing, truncated, corrupt,
    /// or was made for another model, recipe or vocabulary, so the caller distils it again.
    /// </summary>
    public static StaticEmbeddingTable? TryLoad(string path, string expectedKey, ulong expectedVocabularyHash, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            problem = "not distilled yet";
            return null;
        }

        // Never more than the file's stated length, and never a file larger than any table: a planted huge file is
        // redistilled over, and a device (stated length 0; /dev/zero never ends) reads as a truncated table.
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            problem = $"is {length:N0} bytes, more than any table ({MaxFileBytes:N0})";
            return null;
        }

        var bytes = new byte[length];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
            {
                problem = "is truncated";
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({e.Message})";
            return null;
        }

        const int HeaderLength = 28;
        if (bytes.Length < HeaderLength + 8
            || XxHash64.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)) != BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8))
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            problem = "is damaged (checksum mismatch)";
            return null;
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        var vocabularyHash = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8));
        var rowCount = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
        var key = keyLength >= 0 && HeaderLength + keyLength <= bytes.Length - 8 ? Encoding.UTF8.GetString(bytes, HeaderLength, keyLength) : null;
        var dataStart = HeaderLength + keyLength;
        if (version != FormatVersion || key != expectedKey || vocabularyHash != expectedVocabularyHash
            || rowCount < 1 || dimensions < 1 || (long)rowCount * dimensions * sizeof(float) != bytes.Length - 8 - dataStart)
        {
            problem = "was made for another model or version";
            return null;
        }

        var rows = new float[rowCount * dimensions];
        MemoryMarshal.Cast<byte, float>(bytes.AsSpan(dataStart, rows.Length * sizeof(float))).CopyTo(rows);
        return new StaticEmbeddingTable(key, vocabularyHash, rowCount, dimensions, rows);
    }
}
