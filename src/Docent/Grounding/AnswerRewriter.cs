using System.Text;
using System.Text.RegularExpressions;
using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// Applies a grounding report to its answer text: removes citation numbers that name no source and, when
/// asked, the unsupported sentences. Thread-safe (stateless).
/// </summary>
internal static partial class AnswerRewriter
{
    public static string Rewrite(GroundingReport report, bool dropUnsupported)
    {
        var text = report.Answer;
        var edits = new List<(int Start, int End, string Replacement)>();
        foreach (var verdict in report.Sentences)
        {
            var span = verdict.Span;
            if (dropUnsupported && !verdict.Supported)
            {
                var (start, end) = RemovalRange(text, span.Start, span.End);
                edits.Add((start, end, string.Empty));
                continue;
            }

            if (verdict.InvalidCitations.Count == 0)
            {
                continue;
            }

            foreach (var marker in CitationMarkers.Find(verdict.Sentence))
            {
                var kept = marker.Numbers.Where(n => n >= 1 && n <= report.SourceCount).Distinct().ToList();
                if (kept.Count == marker.Numbers.Count)
                {
                    continue;
                }

                var start = span.Start + marker.Start;
                var end = span.Start + marker.End;
                if (kept.Count > 0)
                {
                    edits.Add((start, end, CitationMarkers.Format(kept)));
                }
                else
                {
                    // "claim [7]." → "claim.": the space before the marker goes too.
                    while (start > span.Start && text[start - 1] == ' ')
                    {
                        start--;
                    }

                    edits.Add((start, end, string.Empty));
                }
            }
        }

        if (edits.Count == 0)
        {
            return text.Trim();
        }

        edits.Sort((a, b) => a.Start.CompareTo(b.Start));
        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, end, replacement) in edits)
        {
            if (start < position)
            {
                continue;
            }

            builder.Append(text, position, start - position).Append(replacement);
            position = end;
        }

        builder.Append(text, position, text.Length - position);
        return ExtraBlankLines().Replace(builder.ToString(), "\n\n").Trim();
    }

    /// <summary>
    /// What to cut to remove the sentence [start, end): its whole line when it stands alone on one (a list
    /// item), else the sentence and the spaces after it (or before it, when it ends its line).
    /// </summary>
    private static (int Start, int End) RemovalRange(string text, int start, int end)
    {
        var lineStart = start;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t')
        {
            lineStart--;
        }

        var lineEnd = end;
        while (lineEnd < text.Length && text[lineEnd] is ' ' or '\t' or '\r')
        {
            lineEnd++;
        }

        var alone = (lineStart == 0 || text[lineStart - 1] == '\n') && (lineEnd == text.Length || text[lineEnd] == '\n');
        if (alone)
        {
            return (lineStart, lineEnd < text.Length ? lineEnd + 1 : lineEnd);
        }

        return lineEnd > end && lineEnd < text.Length && text[lineEnd] != '\n'
            ? (start, lineEnd)
            : (lineStart, end);
    }

    [GeneratedRegex(@"\n[ \t]*\n(?:[ \t]*\n)+")]
    private static partial Regex ExtraBlankLines();
}
