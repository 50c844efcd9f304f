using System.Buffers.Binary;
using System.IO.Hashing;
using Docent.Documents.Ocr;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Documents.Ocr;

/// <summary>The committed scans (see Fixtures/SOURCES.md) and hostile images made from them.</summary>
internal static class OcrFixtures
{
    public static string Path(string name) => RepositoryPaths.Fixture("ocr", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>Both engines, for tests that must hold for each.</summary>
    public static IOcrEngine[] Engines => [new TesseractProcessEngine(), TesseractNativeEngine.Shared];

    /// <summary>A valid PNG header (with a correct CRC) declaring <paramref name="width"/> × <paramref name="height"/> pixels and then nothing.</summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        var png = new byte[8 + 25];
        ((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(png);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), 13);
        "IHDR"u8.CopyTo(png.AsSpan(12));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), height);
        png[24] = 8; // bit depth; colour type 0 (grey), compression, filter, interlace 0
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32.HashToUInt32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>The first half of a committed file: headers intact, image data cut off.</summary>
    public static byte[] Truncated(string name)
    {
        var bytes = Bytes(name);
        return bytes[..(bytes.Length / 2)];
    }
}
