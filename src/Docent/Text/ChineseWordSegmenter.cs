using Lucene.Net.Analysis.Cn.Smart.Hhmm;

namespace Docent.Text;

/// <summary>
/// Splits a run of Han characters into Chinese words with SmartCn's hidden-Markov-model segmenter (Lucene.Net's
/// HHMMSegmenter and its built-in dictionary), so that "文件大小" can be indexed as 文件, 大小 rather than as overlapping
/// bigrams that also hold the non-word 件大. Chinese is written without spaces; a dictionary segmenter is the standard way
/// to find its words. A run is cut into windows of at most <see cref="WindowLength"/> characters before segmenting, so a
/// hostile 1 MB run costs linear time and bounded memory (a word straddling a window's edge is split there).
/// Thread-safe: the segmenter keeps no state between calls and its dictionaries are read-only once loaded.
/// </summary>
internal static class ChineseWordSegmenter
{
    /// <summary>The longest piece handed to the segmenter at once (a long sentence; runs are cut at this length).</summary>
    internal const int WindowLength = 256;

    private static readonly HHMMSegmenter Segmenter = new();

    /// <summary>
    /// Appends the (start, length) of each word of <paramref name="text"/>[<paramref name="start"/>..+<paramref name="length"/>]
    /// (a run of Han characters) to <paramref name="words"/>, starts relative to <paramref name="text"/>, in text order.
    /// </summary>
    public static void Segment(string text, int start, int length, List<(int Start, int Length)> words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(words);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, text.Length - length);

        for (var from = start; from < start + length; from += WindowLength)
        {
            var window = Math.Min(WindowLength, start + length - from);
            var piece = text.Substring(from, window);
            var before = words.Count;
            foreach (var token in Segmenter.Process(piece))
            {
                // The segmenter brackets its input with sentence-start and sentence-end markers of zero or negative extent.
                if (token.StartOffset < 0 || token.EndOffset > window || token.EndOffset <= token.StartOffset)
                {
                    continue;
                }

                words.Add((from + token.StartOffset, token.EndOffset - token.StartOffset));
            }

            words.Sort(before, words.Count - before, Comparer<(int Start, int Length)>.Create((a, b) => a.Start.CompareTo(b.Start)));
        }
    }
}
