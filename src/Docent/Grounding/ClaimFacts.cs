using Docent.Answering;
using Docent.Text;

namespace Docent.Grounding;

/// <summary>
/// One answer sentence taken apart for the grounding check: its citation numbers, its text without markers
/// and list bullet, content terms, numbers, capitalised names and words. Immutable after construction.
/// </summary>
internal sealed class ClaimFacts
{
    private ClaimFacts(string sentence, SentenceSpan span, string text)
    {
        Sentence = sentence;
        Span = span;
        Text = text;
    }

    /// <summary>The sentence as written.</summary>
    public string Sentence { get; }

    /// <summary>Where it lies in the answer.</summary>
    public SentenceSpan Span { get; }

    /// <summary>The sentence with markers and a leading list bullet blanked out, trimmed.</summary>
    public string Text { get; }

    /// <summary>Cited numbers in order of first mention, each once.</summary>
    public List<int> Cited { get; } = [];

    /// <summary>Distinct content terms: stemmed, no stop words, no numbers or number words.</summary>
    public HashSet<string> ContentTerms { get; } = new(StringComparer.Ordinal);

    /// <summary>Every distinct term, numbers included (for picking the best supporting sentence).</summary>
    public HashSet<string> AllTerms { get; } = new(StringComparer.Ordinal);

    /// <summary>A surface form of each content term, for messages.</summary>
    public Dictionary<string, string> Surfaces { get; } = new(StringComparer.Ordinal);

    public List<NumberMention> Numbers { get; private set; } = [];

    /// <summary>Capitalised words not at the start of the sentence, as written.</summary>
    public List<string> Names { get; } = [];

    public List<WordInfo> Words { get; private set; } = [];

    public static ClaimFacts Build(string answer, SentenceSpan span, ITextAnalyzer analyzer)
    {
        var sentence = answer.Substring(span.Start, span.Length);
        var chars = sentence.ToCharArray();
        var cited = new List<int>();
        foreach (var marker in CitationMarkers.Find(sentence))
        {
            cited.AddRange(marker.Numbers);
            Array.Fill(chars, ' ', marker.Start, marker.Length);
        }

        BlankBullet(chars);
        var text = new string(chars).Trim();
        var claim = new ClaimFacts(sentence, span, text);
        claim.Cited.AddRange(cited.Distinct());

        var tokens = analyzer.Analyze(text);
        foreach (var token in tokens)
        {
            claim.AllTerms.Add(token.Term);
            var surface = text.Substring(token.Start, token.Length);
            if (char.IsAsciiDigit(surface[0]) || NumberMentions.IsNumberWord(surface.ToLowerInvariant()))
            {
                continue;
            }

            if (claim.ContentTerms.Add(token.Term))
            {
                claim.Surfaces[token.Term] = surface;
            }
        }

        claim.Numbers = NumberMentions.InClaim(text);
        claim.Words = TextWords.Words(text, 0, text.Length, TextWords.TermsByStart(tokens));
        claim.FindNames(text);
        return claim;
    }

    /// <summary>Capitalised words, except the first word and the first after a colon (both capitalised anyway) and stop words ("I").</summary>
    private void FindNames(string text)
    {
        for (var i = 1; i < Words.Count; i++)
        {
            var word = Words[i];
            var first = text[word.Start];
            if (!char.IsUpper(first) || IsStopWord(word.Lower) || AfterColon(text, Words[i - 1], word.Start))
            {
                continue;
            }

            var written = text.Substring(word.Start, word.Lower.Length);
            var surface = written[..TextWords.WithoutPossessive(word.Lower).Length];
            if (!Names.Contains(surface, StringComparer.OrdinalIgnoreCase))
            {
                Names.Add(surface);
            }
        }
    }

    private static bool IsStopWord(string lower) => EnglishStopWords.Lookup.Contains(lower.Replace("'", string.Empty, StringComparison.Ordinal));

    private static bool AfterColon(string text, WordInfo previous, int start)
    {
        var between = text.AsSpan(previous.Start + previous.Lower.Length, start - previous.Start - previous.Lower.Length);
        return between.Contains(':') || between.Contains('"') || between.Contains('“');
    }

    /// <summary>Blanks a leading "- ", "* ", "1. ", "2) " so its number is not taken for a claim.</summary>
    private static void BlankBullet(char[] chars)
    {
        var i = 0;
        while (i < chars.Length && char.IsWhiteSpace(chars[i]))
        {
            i++;
        }

        var start = i;
        if (i < chars.Length && chars[i] is '-' or '*' or '+' or '•')
        {
            i++;
        }
        else
        {
            while (i < chars.Length && i - start < 3 && char.IsAsciiDigit(chars[i]))
            {
                i++;
            }

            if (i == start || i >= chars.Length || chars[i] is not ('.' or ')'))
            {
                return;
            }

            i++;
        }

        if (i < chars.Length && chars[i] == ' ')
        {
            Array.Fill(chars, ' ', start, i - start);
        }
    }
}
