using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Docent.Retrieval.Segments;

/// <summary>
/// The integer codings of a lexical segment: LEB128 variable-length integers for headers and the term dictionary, and
/// fixed-width bit packing for the 128-value blocks of postings (each block stores its width, the bits of its largest
/// value). Hand-written because no maintained .NET package does block bit packing over spans (Lucene.NET's codecs are
/// internal to its index format). Bounds-checked: a corrupt file yields <see cref="InvalidDataException"/>, never a read
/// outside the span. Stateless and thread-safe.
/// </summary>
internal static class PostingsCodec
{
    /// <summary>Postings per full block.</summary>
    public const int BlockSize = 128;

    /// <summary>Bytes <see cref="Pack"/> writes for <paramref name="count"/> values of <paramref name="width"/> bits.</summary>
    public static int PackedLength(int count, int width) => ((count * width) + 7) >> 3;

    /// <summary>The bits needed for the largest of <paramref name="values"/> (0 when all are 0).</summary>
    public static int WidthOf(ReadOnlySpan<uint> values)
    {
        uint any = 0;
        foreach (uint value in values)
        {
            any |= value;
        }

        return 32 - BitOperations.LeadingZeroCount(any);
    }

    /// <summary>Packs <paramref name="values"/> at <paramref name="width"/> bits each, low bits first, into <paramref name="destination"/>.</summary>
    public static void Pack(ReadOnlySpan<uint> values, int width, Span<byte> destination)
    {
        int length = PackedLength(values.Length, width);
        destination[..length].Clear();
        if (width == 0)
        {
            return;
        }

        ulong buffer = 0;
        int bits = 0;
        int at = 0;
        foreach (uint value in values)
        {
            buffer |= (ulong)value << bits;
            bits += width;
            while (bits >= 8)
            {
                destination[at++] = (byte)buffer;
                buffer >>= 8;
                bits -= 8;
            }
        }

        if (bits > 0)
        {
            destination[at] = (byte)buffer;
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length values of <paramref name="width"/> bits packed by <see cref="Pack"/>.</summary>
    public static void Unpack(ReadOnlySpan<byte> source, int width, Span<uint> destination)
    {
        int count = destination.Length;
        if (width == 0)
        {
            destination.Clear();
            return;
        }

        if (width > 32 || source.Length < PackedLength(count, width))
        {
            throw new InvalidDataException("Corrupt postings block.");
        }

        ulong mask = (1UL << width) - 1;
        int i = 0;

        // Fast path (measured: decoding is most of a pruned query's time): one unaligned 64-bit read per value while eight
        // bytes remain (width + 7 ≤ 39 bits fit), without per-read bounds checks; UnpackOne is its scalar reference.
        long bitOffset = 0;
        int safe = source.Length - 8;
        ref byte start = ref MemoryMarshal.GetReference(source);
        for (; i < count; i++, bitOffset += width)
        {
            int byteIndex = (int)(bitOffset >> 3);
            if (byteIndex > safe)
            {
                break;
            }

            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, byteIndex));
            destination[i] = (uint)((word >> (int)(bitOffset & 7)) & mask);
        }

        for (; i < count; i++, bitOffset += width)
        {
            destination[i] = UnpackOne(source, bitOffset, width, mask);
        }
    }

    /// <summary>The scalar reference for <see cref="Unpack"/>'s fast path: one value, byte by byte.</summary>
    internal static uint UnpackOne(ReadOnlySpan<byte> source, long bitOffset, int width, ulong mask)
    {
        int byteIndex = (int)(bitOffset >> 3);
        int shift = (int)(bitOffset & 7);
        ulong word = 0;
        int needed = (shift + width + 7) >> 3;
        for (int b = 0; b < needed; b++)
        {
            word |= (ulong)source[byteIndex + b] << (8 * b);
        }

        return (uint)((word >> shift) & mask);
    }

    /// <summary>Appends <paramref name="value"/> as LEB128.</summary>
    public static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }

    /// <summary>Reads a LEB128 integer at <paramref name="position"/>, advancing it.</summary>
    public static ulong ReadVarint(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if ((uint)position >= (uint)source.Length)
            {
                throw new InvalidDataException("Corrupt lexical segment: a number runs past its section.");
            }

            byte b = source[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Corrupt lexical segment: a number is too long.");
    }

    /// <summary>Reads a LEB128 integer that must fit in a non-negative int.</summary>
    public static int ReadInt(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = ReadVarint(source, ref position);
        if (value > int.MaxValue)
        {
            throw new InvalidDataException("Corrupt lexical segment: a count is out of range.");
        }

        return (int)value;
    }
}
