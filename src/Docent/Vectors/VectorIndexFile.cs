using Docent.FileFormats;
using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Vectors;

/// <summary>
/// The header every vector index file starts with, and the save/load plumbing both indexes share. Layout
/// (little-endian): "DCVX", format version (int32), index kind (int32: 1 flat, 2 HNSW), dimension (int32),
/// metric (int32), model id (length-prefixed UTF-8); the kind's own options and body follow; the file ends with
/// an XxHash64 of everything before it. Loading checks the header against what the caller expects before
/// reading the body and throws <see cref="InvalidDataException"/> naming the file and the mismatch.
/// Static; thread-safe.
/// </summary>
internal static class VectorIndexFile
{
    /// <summary>The newest format this code reads and the one it writes.</summary>
    public const int FormatVersion = 1;

    public const int FlatKind = 1;

    public const int HnswKind = 2;

    private static ReadOnlySpan<byte> Magic => "DCVX"u8;

    public static void WriteHeader(IndexFileWriter writer, int kind, int dimension, VectorMetric metric, string modelId)
    {
        writer.Write(Magic);
        writer.WriteInt32(FormatVersion);
        writer.WriteInt32(kind);
        writer.WriteInt32(dimension);
        writer.WriteInt32((int)metric);
        writer.WriteString(modelId);
    }

    /// <summary>Reads and checks the header; returns the dimension, metric and model id.</summary>
    public static (int Dimension, VectorMetric Metric, string ModelId) ReadHeader(
        IndexFileReader reader, string path, int kind, string? expectedModelId, int? expectedDimension)
    {
        Span<byte> magic = stackalloc byte[4];
        reader.Read(magic);
        if (!magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a Docent vector index (wrong magic bytes).");
        }

        int version = reader.ReadInt32();
        if (version > FormatVersion || version < 1)
        {
            throw new InvalidDataException(
                $"The vector index '{path}' has format version {version}; this build reads version {FormatVersion}. Upgrade Docent or rebuild the index.");
        }

        int savedKind = reader.ReadInt32();
        if (savedKind != kind)
        {
            throw new InvalidDataException($"The vector index '{path}' is a {KindName(savedKind)} index, not a {KindName(kind)} index.");
        }

        int dimension = reader.ReadInt32();
        if (dimension is < 1 or > 65_536)
        {
            throw new InvalidDataException($"The vector index '{path}' is corrupt: dimension {dimension}.");
        }

        int metric = reader.ReadInt32();
        if (!Enum.IsDefined((VectorMetric)metric))
        {
            throw new InvalidDataException($"The vector index '{path}' is corrupt: unknown metric {metric}.");
        }

        string modelId = reader.ReadString();
        if (expectedModelId is not null && !string.Equals(modelId, expectedModelId, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"The vector index '{path}' holds vectors of model '{modelId}', not of the expected model '{expectedModelId}'. Rebuild the index for the new model.");
        }

        if (expectedDimension is { } expected && expected != dimension)
        {
            throw new InvalidDataException(
                $"The vector index '{path}' holds vectors of dimension {dimension}, not the expected {expected} (model '{modelId}'). Rebuild the index.");
        }

        return (dimension, (VectorMetric)metric, modelId);
    }

    /// <summary>Throws unless the reader is at the trailer and the checksum matches.</summary>
    public static void VerifyChecksum(IndexFileReader reader, string path)
    {
        if (!reader.ChecksumMatches())
        {
            throw new InvalidDataException($"The vector index '{path}' is corrupt: its checksum does not match its contents.");
        }
    }

    /// <summary>Opens <paramref name="path"/>, runs <paramref name="read"/>, and turns a short or malformed file into an <see cref="InvalidDataException"/> naming it.</summary>
    public static T Read<T>(string path, Func<IndexFileReader, FileStream, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureLittleEndian();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (stream.Length < sizeof(ulong))
        {
            throw new InvalidDataException($"The vector index '{path}' is truncated ({stream.Length} bytes).");
        }

        try
        {
            return read(new IndexFileReader(stream), stream);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"The vector index '{path}' is truncated or corrupt.");
        }
        catch (InvalidDataException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The vector index '{path}' is corrupt: {e.Message}", e);
        }
    }

    /// <summary>Writes through <paramref name="write"/> to a temporary file, appends the checksum, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<IndexFileWriter, FileStream> write) => IndexFileWriter.WriteAtomically(path, write);

    /// <summary>Writes zero bytes up to the next multiple of 64, so that a bulk array after it can be mapped aligned.</summary>
    public static void Align(IndexFileWriter writer, FileStream stream)
    {
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        writer.Write(zeros[..Padding(stream.Position)]);
    }

    /// <summary>Reads what <see cref="Align"/> wrote.</summary>
    public static void SkipAlignment(IndexFileReader reader, FileStream stream)
    {
        Span<byte> padding = stackalloc byte[64];
        padding = padding[..Padding(stream.Position)];
        reader.Read(padding);
        if (padding.ContainsAnyExcept((byte)0))
        {
            throw new InvalidDataException("Non-zero alignment padding.");
        }
    }

    /// <summary>Reads (and so hashes) <paramref name="bytes"/> bytes without keeping them.</summary>
    public static void Skip(IndexFileReader reader, long bytes)
    {
        byte[] buffer = new byte[1 << 20];
        while (bytes > 0)
        {
            int chunk = (int)Math.Min(bytes, buffer.Length);
            reader.Read(buffer.AsSpan(0, chunk));
            bytes -= chunk;
        }
    }

    private static int Padding(long position) => (int)((64 - (position % 64)) % 64);

    private static string KindName(int kind) => kind switch
    {
        FlatKind => "flat",
        HnswKind => "HNSW",
        _ => $"unknown ({kind})",
    };

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The vector index file format needs a little-endian machine.");
        }
    }
}
