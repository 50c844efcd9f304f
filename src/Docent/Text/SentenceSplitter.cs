namespace Docent.Text;

/// <summary>
/// Rule-based sentence splitter for English. The text is first cut into regions by line: a blank line ends
/// whatever precedes it; a fenced code block (``` or ~~~ up to the closing fence) is one sentence; a line
/// indented four or more spaces (or a tab) is one sentence; a bullet line ("- ", "* ", "+ ", "• ", "1. ", "2) ",
/// "a) ") is one sentence. Consecutive other lines form a prose region, where a sentence ends at . ! ? or …
/// (with any closing quotes or brackets after it) followed by whitespace and then an upper-case letter, digit,
/// opening quote or bracket, or by the end of the region; but not after a known abbreviation ("e.g.", "Dr.",
/// "Fig.", "U.S.", …), a single capital initial ("J. Smith"), or a dot that is not followed by whitespace
/// (decimals, versions, URLs, e-mail addresses). Thai, which has no sentence punctuation, ends a sentence at a
/// space between Thai text on both sides once the sentence is at least 120 characters long. Hand-written because
/// no package we use splits sentences.
/// Thread-safe (immutable).
/// </summary>
public sealed class SentenceSplitter : ISentenceSplitter
{
    /// <summary>Abbreviations (lower case, without the final dot) after which a dot never ends a sentence.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Abbreviations = new HashSet<string>(
        [
            "e.g", "i.e", "etc", "cf", "vs", "viz", "al", "approx", "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st",
            "mt", "inc", "ltd", "co", "corp", "dept", "no", "nos", "fig", "figs", "eq", "eqs", "vol", "pp", "ch",
            "sec", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
            "u.k", "u.n", "e.u", "a.m", "p.m", "ph.d",
        ],
        StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// How long a Thai sentence must be before a space between Thai words ends it: Thai separates clauses and even
    /// short phrases with spaces too, so shorter pieces stay with what follows. 120 makes the XQuAD Thai paragraphs
    /// split into as many sentences as their English originals (1212 vs 1211, median 140 characters in both).
    /// </summary>
    private const int MinThaiSentenceLength = 120;

    private enum LineKind
    {
        Blank,
        Fence,
        Code,
        Bullet,
        Prose,
    }

    /// <inheritdoc />
    public IReadOnlyList<SentenceSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<SentenceSpan>();
        int proseStart = -1;
        int proseEnd = -1;
        int fenceStart = -1;
        int lineStart = 0;
        while (lineStart < text.Length)
        {
            int newline = text.IndexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.Length : newline;
            int next = newline < 0 ? text.Length : newline + 1;

            if (fenceStart >= 0)
            {
                if (Classify(text, lineStart, lineEnd) == LineKind.Fence)
                {
                    Add(sentences, text, fenceStart, lineEnd);
                    fenceStart = -1;
                }

                lineStart = next;
                continue;
            }

            var kind = Classify(text, lineStart, lineEnd);
            if (kind == LineKind.Prose)
            {
                if (proseStart < 0)
                {
                    proseStart = lineStart;
                }

                proseEnd = lineEnd;
            }
            else
            {
                if (proseStart >= 0)
                {
                    SplitProse(sentences, text, proseStart, proseEnd);
                    proseStart = -1;
                }

                switch (kind)
                {
                    case LineKind.Fence:
                        fenceStart = lineStart;
                        break;
                    case LineKind.Code:
                    case LineKind.Bullet:
                        Add(sentences, text, lineStart, lineEnd);
                        break;
                }
            }

            lineStart = next;
        }

        if (fenceStart >= 0)
        {
            Add(sentences, text, fenceStart, text.Length);
        }
        else if (proseStart >= 0)
        {
            SplitProse(sentences, text, proseStart, proseEnd);
        }

        return sentences;
    }

    private static LineKind Classify(string text, int start, int end)
    {
        int indent = 0;
        int i = start;
        for (; i < end; i++)
        {
            char c = text[i];
            if (c == ' ')
            {
                indent++;
            }
            else if (c == '\t')
            {
                indent += 4;
            }
            else if (!char.IsWhiteSpace(c))
            {
                break;
            }
        }

        if (i == end)
        {
            return LineKind.Blank;
        }

        if (indent >= 4)
        {
            return LineKind.Code;
        }

        var rest = text.AsSpan(i, end - i);
        if (rest.StartsWith("```") || rest.StartsWith("~~~"))
        {
            return LineKind.Fence;
        }

        return IsBullet(rest) ? LineKind.Bullet : LineKind.Prose;
    }

    /// <summary>"- ", "* ", "+ ", "• ", one to three digits then ". " or ") ", or one letter then ") ".</summary>
    private static bool IsBullet(ReadOnlySpan<char> line)
    {
        if (line.Length >= 2 && line[0] is '-' or '*' or '+' or '•' or '◦' or '▪' or '‣' && line[1] == ' ')
        {
            return true;
        }

        int digits = 0;
        while (digits < line.Length && digits < 4 && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        if (digits is >= 1 and <= 3)
        {
            return line.Length > digits + 1 && line[digits] is '.' or ')' && line[digits + 1] == ' ';
        }

        return line.Length >= 3 && char.IsAsciiLetter(line[0]) && line[1] == ')' && line[2] == ' ';
    }

    /// <summary>Splits the prose region [start, end) at sentence-ending punctuation.</summary>
    private static void SplitProse(List<SentenceSpan> sentences, string text, int start, int end)
    {
        int sentenceStart = start;
        int i = start;
        while (i < end)
        {
            char c = text[i];
            if (!IsTerminal(c))
            {
                if (char.IsWhiteSpace(c) && i - sentenceStart >= MinThaiSentenceLength && EndsThaiSentence(text, i, end))
                {
                    Add(sentences, text, sentenceStart, i);
                    sentenceStart = i;
                }

                i++;
                continue;
            }

            int afterTerminals = i + 1;
            while (afterTerminals < end && IsTerminal(text[afterTerminals]))
            {
                afterTerminals++;
            }

            int after = afterTerminals;
            while (after < end && IsCloser(text[after]))
            {
                after++;
            }

            if (EndsSentence(text, i, afterTerminals, after, end))
            {
                Add(sentences, text, sentenceStart, after);
                sentenceStart = after;
            }

            i = after;
        }

        Add(sentences, text, sentenceStart, end);
    }

    /// <summary>
    /// Whether the punctuation run text[terminal..afterTerminals) plus closers up to <paramref name="after"/>
    /// ends a sentence.
    /// </summary>
    private static bool EndsSentence(string text, int terminal, int afterTerminals, int after, int end)
    {
        if (IsFullWidthTerminal(text[afterTerminals - 1]))
        {
            return true;
        }

        int next = after;
        if (next < end && !char.IsWhiteSpace(text[next]))
        {
            return false;
        }

        while (next < end && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        if (next < end && !StartsSentence(text[next]))
        {
            return false;
        }

        // A lone dot may belong to an abbreviation or an initial rather than end the sentence.
        return text[terminal] != '.' || afterTerminals - terminal > 1 || !EndsAbbreviation(text, terminal);
    }

    /// <summary>Whether the word before the dot at <paramref name="dot"/> is an abbreviation or a capital initial.</summary>
    private static bool EndsAbbreviation(string text, int dot)
    {
        int wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, dot - wordStart);
        if (word.IsEmpty)
        {
            return false;
        }

        if (word.Length == 1)
        {
            return char.IsUpper(word[0]);
        }

        if (word.Length > 8)
        {
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return Abbreviations.Contains(lower);
    }

    /// <summary>
    /// Whether the whitespace at <paramref name="space"/> lies between Thai on both sides: Thai has no sentence
    /// punctuation and ends a sentence or clause with a space instead.
    /// </summary>
    private static bool EndsThaiSentence(string text, int space, int end)
    {
        if (space == 0 || !ScriptRanges.IsThaiLetter(text[space - 1]))
        {
            return false;
        }

        int next = space + 1;
        while (next < end && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        return next < end && ScriptRanges.IsThaiLetter(text[next]);
    }


    private static bool IsTerminal(char c) =>
        c is '.' or '!' or '?' or '…' or '‼' or '⁇' or '⁈' or '⁉'
        || c is '।' or '॥' // Devanagari danda and double danda (Hindi, Marathi, Nepali, Sanskrit)
        || c is '؟' or '۔' // Arabic question mark, Urdu full stop
        || IsFullWidthTerminal(c);

    /// <summary>Chinese and Japanese sentence ends, which no space follows: they end a sentence whatever comes next.</summary>
    private static bool IsFullWidthTerminal(char c) => c is '。' or '！' or '？' or '｡';

    private static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '”' or '’' or '»' or '›';

    private static bool StartsSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c)
        || c is '"' or '\'' or '(' or '[' or '{' or '“' or '‘' or '«' or '‹' or '¿' or '¡'
        || (char.IsLetter(c) && !char.IsLower(c));

    /// <summary>Adds [start, end) trimmed of whitespace, unless nothing is left.</summary>
    private static void Add(List<SentenceSpan> sentences, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            sentences.Add(new SentenceSpan(start, end - start));
        }
    }
}
