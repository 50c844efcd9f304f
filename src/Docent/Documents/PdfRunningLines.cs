using System.Text;
using System.Text.RegularExpressions;

namespace Docent.Documents;

/// <summary>
/// Finds and removes a PDF's running headers, footers and page numbers, so they do not land in the middle of
/// a passage. The rule, over the whole document: a page's edge lines are the one or two lines at its top, and
/// at its bottom, that a gap of over one and a half lines sets apart from the rest of the page (a line at the
/// edge that runs on into the text at normal line spacing is text). An edge line
/// is running text when the same line (compared in lower case, with every run of digits read as one "#", at
/// the same point size) is an edge line on at least half of the pages that have text, and on at least
/// <see cref="MinRepeatPages"/> of them; it is then removed wherever it is an edge line. Also removed: the
/// outermost edge line of a page when it is only a page number ("4", "- 4 -", "iv", "Page 4", "Page 4 of 10",
/// "4 / 10"), in a document of two pages or more. Lines inside the page, and lines repeated on fewer pages,
/// stay. Stateless and thread-safe.
/// </summary>
internal static partial class PdfRunningLines
{
    /// <summary>The most lines at the top, and at the bottom, of a page that can be running text.</summary>
    public const int EdgeLines = 2;

    /// <summary>The fewest pages a line must repeat on to count as running text.</summary>
    public const int MinRepeatPages = 3;

    /// <summary>Removes the running lines from <paramref name="pages"/> (one list of lines per page) in place; returns how many.</summary>
    public static int Remove(IReadOnlyList<List<PdfTextLine>> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var edges = pages.Select(Edges).ToList();
        var pagesWithText = pages.Count(lines => lines.Count > 0);

        // On how many pages each key is an edge line (once per page).
        var pageCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pageEdges in edges)
        {
            foreach (var key in pageEdges.Select(edge => Key(edge.Line)).Distinct(StringComparer.Ordinal))
            {
                pageCounts[key] = pageCounts.GetValueOrDefault(key) + 1;
            }
        }

        var threshold = Math.Max(MinRepeatPages, (pagesWithText + 1) / 2);
        var removed = 0;
        for (var page = 0; page < pages.Count; page++)
        {
            var running = edges[page]
                .Where(edge => pageCounts[Key(edge.Line)] >= threshold || (pages.Count >= 2 && edge.Outermost && IsPageNumber(edge.Line.Text)))
                .Select(edge => edge.Line)
                .ToHashSet();
            removed += pages[page].RemoveAll(running.Contains);
        }

        return removed;
    }

    // The page's edge lines, each once, the outermost of each end marked: from the top, and again from the
    // bottom, the lines up to the furthest of the first two that a paragraph-sized gap (over one and a half
    // lines) sets apart from the next; none at an end where neither is set apart.
    private static List<(PdfTextLine Line, bool Outermost)> Edges(List<PdfTextLine> lines)
    {
        var fromTop = lines.OrderByDescending(line => line.Baseline).ToList();
        var edges = new List<(PdfTextLine Line, bool Outermost)>();
        AddEdgeBlock(fromTop, edges);
        fromTop.Reverse();
        AddEdgeBlock(fromTop, edges);
        return edges;
    }

    private static void AddEdgeBlock(List<PdfTextLine> fromEdge, List<(PdfTextLine Line, bool Outermost)> edges)
    {
        for (var i = Math.Min(EdgeLines, fromEdge.Count) - 1; i >= 0; i--)
        {
            var setApart = i + 1 == fromEdge.Count
                || Math.Abs(fromEdge[i].Baseline - fromEdge[i + 1].Baseline) > 1.55 * Math.Max(fromEdge[i].Size, fromEdge[i + 1].Size);
            if (!setApart)
            {
                continue;
            }

            for (var j = 0; j <= i; j++)
            {
                if (!edges.Exists(edge => ReferenceEquals(edge.Line, fromEdge[j])))
                {
                    edges.Add((fromEdge[j], j == 0));
                }
            }

            return;
        }
    }

    private static string Key(PdfTextLine line)
    {
        var key = new StringBuilder();
        key.Append(Math.Round(line.Size * 2) / 2).Append('|');
        var text = line.Text;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (i == 0 || !char.IsAsciiDigit(text[i - 1]))
                {
                    key.Append('#');
                }
            }
            else
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    private static bool IsPageNumber(string text) => PageNumber().IsMatch(text);

    [GeneratedRegex(
        @"^(?:page\s+)?[-–—]?\s*(?:\d{1,5}|[ivxlcdm]{1,8})\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,5})?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();
}
