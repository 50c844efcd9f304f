namespace Docent.Documents;

/// <summary>
/// A rectangle on a page as fractions of the page's width and height (each 0–1, origin at the top left), so it does not
/// depend on the resolution a page was scanned or rendered at. Immutable.
/// </summary>
/// <param name="Left">Distance of the left edge from the page's left edge, as a fraction of the page width.</param>
/// <param name="Top">Distance of the top edge from the page's top edge, as a fraction of the page height.</param>
/// <param name="Width">Width as a fraction of the page width.</param>
/// <param name="Height">Height as a fraction of the page height.</param>
public readonly record struct PageRegion(double Left, double Top, double Width, double Height)
{
    /// <summary>The smallest region holding both.</summary>
    public PageRegion Union(PageRegion other)
    {
        var left = Math.Min(Left, other.Left);
        var top = Math.Min(Top, other.Top);
        return new PageRegion(left, top, Math.Max(Left + Width, other.Left + other.Width) - left, Math.Max(Top + Height, other.Top + other.Height) - top);
    }

    /// <summary>
    /// The region of a pixel rectangle on an image of <paramref name="imageWidth"/> × <paramref name="imageHeight"/> pixels,
    /// clamped to the page.
    /// </summary>
    public static PageRegion FromPixels(int left, int top, int width, int height, int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        double x = Math.Clamp((double)left / imageWidth, 0, 1);
        double y = Math.Clamp((double)top / imageHeight, 0, 1);
        double w = Math.Clamp((double)width / imageWidth, 0, 1 - x);
        double h = Math.Clamp((double)height / imageHeight, 0, 1 - y);
        return new PageRegion(x, y, w, h);
    }
}
