using System.Buffers.Binary;

namespace Docent.Documents.Ocr;

/// <summary>
/// The format and the declared size of every frame of a PNG, JPEG or TIFF, read from the headers alone (no pixel is
/// decoded), so an image that declares more pixels or pages than allowed is refused before a decoder allocates
/// anything. TIFF directories are followed with loop detection and a frame cap. Immutable; the parser is stateless.
/// </summary>
/// <param name="Format">"png", "jpeg" or "tiff".</param>
/// <param name="Frames">Each frame's declared width and height, in order.</param>
public sealed record ImageFrames(string Format, IReadOnlyList<(int Width, int Height)> Frames)
{
    /// <summary>"\x89PNG\r\n\x1a\n", JPEG's SOI and a marker, or a TIFF header ("II*\0", "MM\0*").</summary>
    public static string? SniffFormat(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "png"
        : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "jpeg"
        : head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) ? "tiff"
        : null;

    /// <summary>
    /// Reads the frames of <paramref name="bytes"/>, stopping after <paramref name="maxFrames"/> + 1 TIFF frames;
    /// throws <see cref="OcrFailedException"/> naming <paramref name="name"/> when the headers are missing or damaged.
    /// </summary>
    public static ImageFrames Read(ReadOnlySpan<byte> bytes, string name, int maxFrames)
    {
        var format = SniffFormat(bytes) ?? throw new OcrFailedException(name, "not a PNG, JPEG or TIFF image");
        return format switch
        {
            "png" => new ImageFrames(format, [ReadPng(bytes, name)]),
            "jpeg" => new ImageFrames(format, [ReadJpeg(bytes, name)]),
            _ => new ImageFrames(format, ReadTiff(bytes, name, maxFrames)),
        };
    }

    /// <summary>Throws <see cref="OcrFailedException"/> when a frame declares no pixels or more than the options allow, or there are too many frames.</summary>
    public void CheckLimits(string name, OcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Frames.Count > options.MaxPages)
        {
            throw new OcrFailedException(name, $"the {Format.ToUpperInvariant()} has more than {options.MaxPages} pages, over the limit");
        }

        for (var i = 0; i < Frames.Count; i++)
        {
            var (width, height) = Frames[i];
            var pixels = (long)width * height;
            var which = Frames.Count == 1 ? "the image" : $"page {i + 1}";
            if (width <= 0 || height <= 0)
            {
                throw new OcrFailedException(name, $"{which} declares an empty size ({width} × {height} pixels)");
            }

            if (pixels > options.MaxPixels)
            {
                throw new OcrFailedException(name,
                    $"{which} declares {width} × {height} pixels ({pixels / 1e6:0.#} million), over the limit of {options.MaxPixels / 1e6:0.#} million (a decompression bomb?)");
            }
        }
    }

    private static (int, int) ReadPng(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 24 || !bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new OcrFailedException(name, "damaged PNG: no image header (IHDR)");
        }

        return (Clamp(BinaryPrimitives.ReadUInt32BigEndian(bytes[16..])), Clamp(BinaryPrimitives.ReadUInt32BigEndian(bytes[20..])));
    }

    private static (int, int) ReadJpeg(ReadOnlySpan<byte> bytes, string name)
    {
        var position = 2;
        while (position + 4 <= bytes.Length)
        {
            if (bytes[position] != 0xFF)
            {
                break;
            }

            var marker = bytes[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]);
            var isFrameHeader = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrameHeader && position + 9 <= bytes.Length)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 5)..]));
            }

            if (marker == 0xDA || length < 2)
            {
                break;
            }

            position += 2 + length;
        }

        throw new OcrFailedException(name, "damaged JPEG: no frame header before the image data");
    }

    private static List<(int, int)> ReadTiff(ReadOnlySpan<byte> bytes, string name, int maxFrames)
    {
        if (bytes.Length < 8)
        {
            throw new OcrFailedException(name, "damaged TIFF: the header is cut off");
        }

        var little = bytes[0] == (byte)'I';
        var frames = new List<(int, int)>();
        var seen = new HashSet<long>();
        long offset = U32(bytes, 4, little);
        while (offset != 0 && frames.Count <= maxFrames)
        {
            if (!seen.Add(offset) || offset + 2 > bytes.Length)
            {
                throw new OcrFailedException(name, seen.Contains(offset) && offset + 2 <= bytes.Length
                    ? "damaged TIFF: its page directories form a loop"
                    : "damaged TIFF: a page directory lies past the end of the file (truncated?)");
            }

            var entries = U16(bytes, (int)offset, little);
            var end = offset + 2 + (12L * entries);
            if (end + 4 > bytes.Length)
            {
                throw new OcrFailedException(name, "damaged TIFF: a page directory is cut off (truncated?)");
            }

            int width = 0, height = 0;
            for (var i = 0; i < entries; i++)
            {
                var entry = (int)offset + 2 + (12 * i);
                var tag = U16(bytes, entry, little);
                if (tag is 256 or 257)
                {
                    var type = U16(bytes, entry + 2, little);
                    var value = type == 3 ? U16(bytes, entry + 8, little) : Clamp(U32(bytes, entry + 8, little));
                    (width, height) = tag == 256 ? (value, height) : (width, value);
                }
            }

            frames.Add((width, height));
            offset = U32(bytes, (int)end, little);
        }

        if (frames.Count == 0)
        {
            throw new OcrFailedException(name, "damaged TIFF: no page directory");
        }

        return frames;
    }

    private static int U16(ReadOnlySpan<byte> bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);

    private static uint U32(ReadOnlySpan<byte> bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);

    private static int Clamp(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
