using System.Globalization;
using System.Text.RegularExpressions;
using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// Finds citation markers in answer text: a bracket holding one to three-digit numbers separated by commas or
/// semicolons, or a range with '-' or '–' ("[1]", "[1, 2]", "[2-4]"; "[1][3]" is two markers). Four digits
/// ("[2024]") are not a marker. Thread-safe (stateless).
/// </summary>
internal static partial class CitationMarkers
{
    /// <summary>A range wider than this ("[1-900]") is taken as its two ends only.</summary>
    private const int MaxRangeWidth = 20;

    /// <summary>All markers of <paramref name="text"/>, in order.</summary>
    public static List<CitationMarker> Find(string text)
    {
        var markers = new List<CitationMarker>();
        foreach (Match match in MarkerPattern().Matches(text))
        {
            markers.Add(new CitationMarker(match.Index, match.Length, Numbers(match.Groups[1].Value)));
        }

        return markers;
    }

    /// <summary>The marker starting exactly at <paramref name="index"/>, if any.</summary>
    public static CitationMarker? At(string text, int index)
    {
        var match = MarkerPattern().Match(text, index);
        return match.Success && match.Index == index
            ? new CitationMarker(match.Index, match.Length, Numbers(match.Groups[1].Value))
            : null;
    }

    /// <summary>Writes a marker for <paramref name="numbers"/>: "[2]" or "[1, 3]".</summary>
    public static string Format(IEnumerable<int> numbers) =>
        "[" + string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))) + "]";

    private static List<int> Numbers(string inside)
    {
        var numbers = new List<int>();
        foreach (var part in inside.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOfAny(['-', '–']);
            if (dash < 0)
            {
                numbers.Add(int.Parse(part, CultureInfo.InvariantCulture));
                continue;
            }

            var from = int.Parse(part.AsSpan(0, dash).Trim(), CultureInfo.InvariantCulture);
            var to = int.Parse(part.AsSpan(dash + 1).Trim(), CultureInfo.InvariantCulture);
            if (to < from || to - from > MaxRangeWidth)
            {
                numbers.Add(from);
                numbers.Add(to);
                continue;
            }

            for (var n = from; n <= to; n++)
            {
                numbers.Add(n);
            }
        }

        return numbers;
    }

    [GeneratedRegex(@"\[\s*(\d{1,3}(?:\s*[,;\-–]\s*\d{1,3})*)\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
