using Docent.Answering;
using Docent.Text;

namespace Docent.Grounding;

/// <summary>
/// Splits a generated answer into sentences that own their citation markers. The sentence splitter starts a
/// new sentence at "[" after ". ", so markers written after the full stop ("… in May. [2] The …") are moved
/// back to the sentence they follow; and a marker glued to the full stop ("… in May.[2] The …") ends the
/// sentence there. Thread-safe (stateless).
/// </summary>
internal static class AnswerSentences
{
    public static List<SentenceSpan> Split(string answer, ISentenceSplitter splitter)
    {
        var spans = new List<SentenceSpan>();
        foreach (var span in splitter.Split(answer))
        {
            SplitAfterGluedMarkers(answer, span, spans);
        }

        // Leading markers belong to the sentence before.
        for (var i = 1; i < spans.Count; i++)
        {
            var span = spans[i];
            var end = span.Start;
            var position = span.Start;
            while (position < span.End && CitationMarkers.At(answer, position) is { } marker && marker.End <= span.End)
            {
                end = marker.End;
                position = marker.End;
                while (position < span.End && char.IsWhiteSpace(answer[position]) && answer[position] != '\n')
                {
                    position++;
                }
            }

            if (end == span.Start)
            {
                continue;
            }

            // Punctuation right after the moved markers ("[2]." after a sentence that had none) goes with them.
            while (position < span.End && answer[position] is '.' or ',' or ';')
            {
                position++;
                end = position;
            }

            var previous = spans[i - 1];
            spans[i - 1] = new SentenceSpan(previous.Start, end - previous.Start);
            while (position < span.End && char.IsWhiteSpace(answer[position]))
            {
                position++;
            }

            if (position >= span.End)
            {
                spans.RemoveAt(i);
                i--;
            }
            else
            {
                spans[i] = new SentenceSpan(position, span.End - position);
            }
        }

        return spans;
    }

    /// <summary>Cuts <paramref name="span"/> after each run of markers glued to a full stop and followed by a new sentence.</summary>
    private static void SplitAfterGluedMarkers(string text, SentenceSpan span, List<SentenceSpan> spans)
    {
        var start = span.Start;
        var i = span.Start;
        while (i < span.End)
        {
            if (text[i] != '[' || i == start || text[i - 1] is not ('.' or '!' or '?'))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < span.End && CitationMarkers.At(text, end) is { } marker && marker.End <= span.End)
            {
                end = marker.End;
            }

            if (end == i)
            {
                i++;
                continue;
            }

            var next = end;
            while (next < span.End && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next > end && next < span.End && (char.IsUpper(text[next]) || char.IsDigit(text[next])))
            {
                spans.Add(new SentenceSpan(start, end - start));
                start = next;
            }

            i = end;
        }

        spans.Add(new SentenceSpan(start, span.End - start));
    }
}
