using System.Globalization;
using Docent.Documents;

namespace Docent.Storage;

/// <summary>
/// A chunk's page region as the store keeps it: "left top width height", four invariant-culture numbers separated by
/// single spaces. Static; thread-safe.
/// </summary>
internal static class StoredRegion
{
    public static string Format(PageRegion region) => string.Join(' ',
        region.Left.ToString("R", CultureInfo.InvariantCulture),
        region.Top.ToString("R", CultureInfo.InvariantCulture),
        region.Width.ToString("R", CultureInfo.InvariantCulture),
        region.Height.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>The region written by <see cref="Format"/>; null for text that is not four numbers.</summary>
    public static PageRegion? Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4)
        {
            return null;
        }

        var values = new double[4];
        for (int i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return new PageRegion(values[0], values[1], values[2], values[3]);
    }
}
