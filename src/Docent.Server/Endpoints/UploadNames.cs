using System.Globalization;
using System.Text;

namespace Docent.Server.Endpoints;

/// <summary>
/// Makes a client-supplied upload file name safe to show: the last segment of any path (either separator), without control
/// or invisible formatting characters (e.g. right-to-left overrides), trimmed and at most 255 characters. Static; thread-safe.
/// </summary>
internal static class UploadNames
{
    private const int MaxLength = 255;

    /// <summary>The display name of <paramref name="fileName"/>; "upload" plus <paramref name="extension"/> when nothing is left.</summary>
    public static string Sanitise(string? fileName, string extension)
    {
        var name = fileName ?? "";
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (!char.IsControl(c) && category is not UnicodeCategory.Format and not UnicodeCategory.LineSeparator and not UnicodeCategory.ParagraphSeparator)
            {
                clean.Append(c);
            }
        }

        name = clean.ToString().Trim().TrimStart('.');
        if (name.Length > MaxLength)
        {
            var suffix = Path.GetExtension(name);
            name = suffix.Length < 16 ? name[..(MaxLength - suffix.Length)] + suffix : name[..MaxLength];
        }

        return name.Length == 0 ? "upload" + extension : name;
    }
}
