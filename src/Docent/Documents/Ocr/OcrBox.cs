namespace Docent.Documents.Ocr;

/// <summary>A rectangle in image pixels, origin at the top left. Immutable.</summary>
/// <param name="Left">Distance from the left edge.</param>
/// <param name="Top">Distance from the top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct OcrBox(int Left, int Top, int Width, int Height)
{
    /// <summary>The smallest box holding both.</summary>
    public OcrBox Union(OcrBox other)
    {
        var left = Math.Min(Left, other.Left);
        var top = Math.Min(Top, other.Top);
        return new OcrBox(left, top, Math.Max(Left + Width, other.Left + other.Width) - left, Math.Max(Top + Height, other.Top + other.Height) - top);
    }
}
