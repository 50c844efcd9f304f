using System.Runtime.InteropServices;

namespace Docent.Retrieval.Segments;

/// <summary>
/// One entry of a term's postings in <c>Bm25Index</c>: a document ordinal and the term's frequency in
/// each field packed into 32 bits (title bits 0–7, headings bits 8–15, body bits 16–31; each saturates at its
/// maximum). Eight bytes, blittable, so postings are written and read as bulk arrays. Immutable.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Bm25Posting(int Doc, uint Tf)
{
    public const int TitleShift = 0;
    public const int HeadingsShift = 8;
    public const int BodyShift = 16;
    public const uint SmallMask = 0xFF;
    public const uint BodyMask = 0xFFFF;

    public int TitleTf => (int)((Tf >> TitleShift) & SmallMask);

    public int HeadingsTf => (int)((Tf >> HeadingsShift) & SmallMask);

    public int BodyTf => (int)((Tf >> BodyShift) & BodyMask);
}
