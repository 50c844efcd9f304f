using ICU4N.Globalization;
using ICU4N.Text;

namespace Docent.Text;

/// <summary>
/// Splits a run of Thai text into words. Thai is written without spaces between words, so without this a whole
/// clause would be one search term; the work is done by ICU4N's dictionary-based word <see cref="BreakIterator"/>
/// for Thai (the managed port of ICU, whose data ships in the package, so it works under InvariantGlobalization).
/// A run is segmented in windows of at most <see cref="MaxWindow"/> characters, each restarting at the last word
/// boundary of the one before, so a hostile run (a megabyte with no space) takes linear time and bounded memory.
/// Thread-safe: each thread segments with its own clone of one shared prototype iterator.
/// </summary>
internal static class ThaiWordSegmenter
{
    /// <summary>The most characters handed to the break iterator at once (Thai words are far shorter).</summary>
    internal const int MaxWindow = 1024;

    private static readonly Lazy<BreakIterator> Prototype = new(
        () => BreakIterator.GetWordInstance(new UCultureInfo("th")),
        LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic]
    private static BreakIterator? s_iterator;

    /// <summary>
    /// Appends to <paramref name="words"/> the (start, length), as indexes into <paramref name="text"/>, of each
    /// word in text[start, start + length), in order; pieces without a letter or digit (a lone ฯ or a space) are
    /// skipped. Meant for a run of Thai characters; other characters in the run are segmented by ICU's general rules.
    /// </summary>
    public static void Segment(string text, int start, int length, List<(int Start, int Length)> words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(words);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, text.Length - length);

        var iterator = s_iterator ??= (BreakIterator)Prototype.Value.Clone();
        int end = start + length;
        int windowStart = start;
        try
        {
            while (windowStart < end)
            {
                int windowEnd = Math.Min(end, windowStart + MaxWindow);
                bool last = windowEnd == end;
                iterator.SetText(text.AsMemory(windowStart, windowEnd - windowStart));
                int from = iterator.First();
                int resumeAt = windowEnd - windowStart;
                for (int to = iterator.Next(); to != BreakIterator.Done; from = to, to = iterator.Next())
                {
                    if (!last && to == windowEnd - windowStart && from > 0)
                    {
                        // The window's last piece may be a word cut in two: segment it again with what follows.
                        resumeAt = from;
                        break;
                    }

                    if (HasLetterOrDigit(text, windowStart + from, windowStart + to))
                    {
                        words.Add((windowStart + from, to - from));
                    }
                }

                windowStart += resumeAt;
            }
        }
        finally
        {
            // Do not keep the last text (up to a window of the caller's string) alive through the thread's iterator.
            iterator.SetText(string.Empty);
        }
    }

    private static bool HasLetterOrDigit(string text, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
