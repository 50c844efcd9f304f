namespace Docent.Chunking;

/// <summary>A character range [Start, Start + Length) in a document's normalised text.</summary>
public readonly record struct TextSpan(long Start, int Length)
{
    /// <summary>The first character after the span.</summary>
    public long End => Start + Length;
}
