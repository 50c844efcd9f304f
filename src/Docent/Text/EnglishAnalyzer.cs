using System.Buffers;
using System.Globalization;

namespace Docent.Text;

/// <summary>
/// The English analysis chain for the lexical index: words are runs of letters and digits (hyphens, underscores
/// and punctuation separate; "3.5" and "1,000" stay one number; apostrophes inside a word are dropped, so
/// "don't" → "dont"; a possessive "'s" is dropped); each character is folded (diacritics stripped, ligatures and
/// full-width forms expanded, lower-cased; see <see cref="CharacterFolding"/>); stop words are dropped but keep
/// their position; ASCII words are Porter-stemmed. Chinese, Japanese and Korean text, written without spaces, is
/// indexed as overlapping character bigrams ("文件大小" → 文件, 件大, 大小; a lone character stays a unigram), the
/// standard segmentation-free approach. The same segmentation serves the other languages' chains
/// (<see cref="AnalyzeWith"/>, used by <see cref="MultilingualAnalyzer"/>): a chain swaps in its stop words and stemmer
/// and may split Chinese or Thai runs into dictionary words. One pass over the string with no regex and one allocation
/// per emitted term. Thread-safe (immutable).
/// </summary>
public sealed class EnglishAnalyzer : ITextAnalyzer
{
    private const int StackBufferLength = 256;

    private readonly bool _stemming;
    private readonly bool _removeStopWords;
    private readonly int _maxTermLength;

    /// <summary>An analyzer with the default options (stemming and stop words on): "english-porter-v2".</summary>
    public EnglishAnalyzer()
        : this(null)
    {
    }

    /// <summary>An analyzer with <paramref name="options"/> (copied; null means the defaults).</summary>
    public EnglishAnalyzer(EnglishAnalyzerOptions? options)
    {
        options ??= new EnglishAnalyzerOptions();
        options.Validate();
        _stemming = options.Stemming;
        _removeStopWords = options.RemoveStopWords;
        _maxTermLength = options.MaxTermLength;
        Name = "english"
            + (_stemming ? "-porter" : string.Empty)
            + (_removeStopWords ? string.Empty : "-allwords")
            + (_maxTermLength == 128 ? string.Empty : $"-max{_maxTermLength}")
            + "-v2"; // v2: CJK bigrams (v1 indexed a run of CJK text as one term)
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Token> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(Math.Min(text.Length / 6, 4096) + 1);

        // A folded character may expand to three, so leave room past the limit before declaring overflow.
        int bufferLength = _maxTermLength + 4;
        char[]? rented = null;
        Span<char> buffer = bufferLength <= StackBufferLength
            ? stackalloc char[StackBufferLength]
            : (rented = ArrayPool<char>.Shared.Rent(bufferLength));
        try
        {
            Tokenize(text, buffer[..bufferLength], tokens, chain: null);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        return tokens;
    }

    /// <summary>
    /// The terms of <paramref name="text"/> segmented as <see cref="Analyze(string)"/> does (the same words, numbers and
    /// CJK bigrams), with <paramref name="chain"/>'s stop words and stemmer in place of English's: each word is
    /// lower-cased with its accents kept, normalised, looked up, stemmed, and only then folded.
    /// </summary>
    internal IReadOnlyList<Token> AnalyzeWith(string text, LanguageChain chain)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(Math.Min(text.Length / 6, 4096) + 1);
        int bufferLength = _maxTermLength + 4;
        char[] rented = ArrayPool<char>.Shared.Rent(bufferLength);
        try
        {
            Tokenize(text, rented.AsSpan(0, bufferLength), tokens, chain);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return tokens;
    }

    private void Tokenize(string text, Span<char> buffer, List<Token> tokens, LanguageChain? chain)
    {
        LanguageStemmer? stemmer = chain?.CreateStemmer();
        char[]? scratch = chain is null ? null : new char[(buffer.Length * 2) + 16];
        var segmentation = chain?.Segmentation ?? WordSegmentation.Spaces;
        List<(int Start, int Length)>? words = null;
        int n = text.Length;
        int position = 0;
        int i = 0;
        while (i < n)
        {
            if (segmentation == WordSegmentation.ChineseWords && ScriptRanges.IsHan(text[i]))
            {
                i = AddDictionaryWords(text, i, ScriptRanges.IsHan, ChineseWordSegmenter.Segment, chain!, tokens, ref position, words ??= []);
                continue;
            }

            if (IsCjk(text[i]))
            {
                i = AddCjkBigrams(text, i, tokens, ref position);
                continue;
            }

            if (segmentation == WordSegmentation.ThaiWords && ScriptRanges.IsThaiLetter(text[i]))
            {
                i = AddDictionaryWords(text, i, ScriptRanges.IsThaiLetter, ThaiWordSegmenter.Segment, chain!, tokens, ref position, words ??= []);
                continue;
            }

            if (!StartsWord(text, i))
            {
                i++;
                continue;
            }

            int start = i;
            int end = i;
            int length = 0;
            bool stemmable = true;
            while (i < n)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    if (char.IsAsciiLetter(c))
                    {
                        Append(buffer, ref length, c == 'I' && chain is { DotlessI: true } ? 'ı' : (char)(c | 0x20));
                    }
                    else if (char.IsAsciiDigit(c))
                    {
                        Append(buffer, ref length, c);
                        stemmable = false;
                    }
                    else if (c == '.' && IsDigitBefore(text, i) && i + 1 < n && char.IsAsciiDigit(text[i + 1]))
                    {
                        Append(buffer, ref length, '.');
                    }
                    else if (c == ',' && IsThousandsSeparator(text, i))
                    {
                        // "1,000" is the number 1000: the comma is skipped, the digits run on.
                    }
                    else if (c == '\'')
                    {
                        if (!TryContinueAfterApostrophe(text, ref i, ref end))
                        {
                            break;
                        }

                        continue;
                    }
                    else
                    {
                        break;
                    }

                    i++;
                    end = i;
                    continue;
                }

                if (IsCjk(c) || (segmentation == WordSegmentation.ThaiWords && ScriptRanges.IsThaiLetter(c)))
                {
                    // "ABC公司": the word ends where the CJK (or segmented Thai) run begins.
                    break;
                }

                if (c is '\u2019' or '\u02BC')
                {
                    if (!TryContinueAfterApostrophe(text, ref i, ref end))
                    {
                        break;
                    }

                    continue;
                }

                if (chain is not null && IsLetterOrMark(c))
                {
                    // Accents are kept until the language's stemmer has seen the word (Spanish "-ación", Turkish "ı").
                    Append(buffer, ref length, char.ToLowerInvariant(c));
                    i++;
                    end = i;
                    continue;
                }

                if (CharacterFolding.Fold(c) is { } folded)
                {
                    foreach (char f in folded)
                    {
                        Append(buffer, ref length, f);
                        stemmable &= char.IsAsciiLetterLower(f);
                    }

                    i++;
                    end = i;
                    continue;
                }

                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
                {
                    // Diacritics written as combining marks are dropped, as NFD + mark removal would.
                    i++;
                    end = i;
                    continue;
                }

                if (IsLetterCategory(category) || category == UnicodeCategory.SpacingCombiningMark)
                {
                    Append(buffer, ref length, char.ToLowerInvariant(c));
                }
                else if (category == UnicodeCategory.DecimalDigitNumber)
                {
                    Append(buffer, ref length, (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c)));
                }
                else if (char.IsHighSurrogate(c) && i + 1 < n && char.IsLetterOrDigit(text, i))
                {
                    Append(buffer, ref length, c);
                    Append(buffer, ref length, text[i + 1]);
                    i++;
                }
                else
                {
                    break;
                }

                stemmable = false;
                i++;
                end = i;
            }

            int tokenPosition = position++;
            if (length == 0 || length > _maxTermLength)
            {
                continue;
            }

            var term = buffer[..length];
            if (chain is not null)
            {
                if (FinishWord(term, stemmable, chain, stemmer!, scratch!) is { } word)
                {
                    tokens.Add(new Token(word, tokenPosition, start, end - start));
                }

                continue;
            }

            if (_removeStopWords && EnglishStopWords.Lookup.Contains(term))
            {
                continue;
            }

            if (_stemming && stemmable)
            {
                length = PorterStemmer.Stem(term);
            }

            tokens.Add(new Token(new string(buffer[..length]), tokenPosition, start, end - start));
        }
    }

    /// <summary>
    /// A word of <paramref name="chain"/>'s language: normalised, dropped if a stop word, stemmed (unless it holds a
    /// digit), then folded as English words are (accents stripped where the chain says so). Null for a stop word.
    /// </summary>
    private string? FinishWord(ReadOnlySpan<char> term, bool stemmable, LanguageChain chain, LanguageStemmer stemmer, char[] scratch)
    {
        if (_removeStopWords && chain.IsStopWord(term))
        {
            return null;
        }

        term.CopyTo(scratch);
        int length = stemmer.Normalize(scratch, term.Length);
        if (_removeStopWords && chain.IsStopWord(scratch.AsSpan(0, length)))
        {
            return null;
        }

        if (_stemming && stemmable && length > 0)
        {
            length = stemmer.Stem(scratch, length);
        }

        if (length == 0)
        {
            return null;
        }

        if (!chain.FoldDiacritics)
        {
            return new string(scratch, 0, length);
        }

        var folded = new System.Text.StringBuilder(length);
        for (int k = 0; k < length; k++)
        {
            char c = scratch[k];
            if (c < 0x80)
            {
                folded.Append(c);
            }
            else if (c is >= '\u0300' and <= '\u036F')
            {
                // A combining accent (decomposed text): dropped as a precomposed letter's accent is.
            }
            else if (CharacterFolding.Fold(c) is { } f)
            {
                folded.Append(f);
            }
            else
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }

    /// <summary>
    /// Emits the run starting at <paramref name="start"/> of characters <paramref name="inRun"/> accepts as the words
    /// <paramref name="segment"/> finds in it (a dictionary segmenter), as written (no folding: these scripts have no
    /// case or accents to fold), without <paramref name="chain"/>'s stop words; returns the index after the run.
    /// </summary>
    private int AddDictionaryWords(
        string text,
        int start,
        Func<char, bool> inRun,
        Action<string, int, int, List<(int Start, int Length)>> segment,
        LanguageChain chain,
        List<Token> tokens,
        ref int position,
        List<(int Start, int Length)> words)
    {
        int end = start;
        while (end < text.Length && inRun(text[end]))
        {
            end++;
        }

        words.Clear();
        segment(text, start, end - start, words);
        foreach (var (wordStart, length) in words)
        {
            int tokenPosition = position++;
            if (length > _maxTermLength || (_removeStopWords && chain.IsStopWord(text.AsSpan(wordStart, length))))
            {
                continue;
            }

            tokens.Add(new Token(text.Substring(wordStart, length), tokenPosition, wordStart, length));
        }

        return end;
    }

    private static bool IsLetterOrMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c)
        is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Emits the run of CJK characters starting at <paramref name="start"/> as overlapping bigrams (one position each),
    /// or the character alone when the run has one; returns the index after the run.
    /// </summary>
    private static int AddCjkBigrams(string text, int start, List<Token> tokens, ref int position)
    {
        int end = start;
        while (end < text.Length && IsCjk(text[end]))
        {
            end++;
        }

        if (end - start == 1)
        {
            tokens.Add(new Token(text.Substring(start, 1), position++, start, 1));
            return end;
        }

        for (int k = start; k + 1 < end; k++)
        {
            tokens.Add(new Token(text.Substring(k, 2), position++, k, 2));
        }

        return end;
    }

    /// <summary>
    /// Han ideographs (CJK Unified Ideographs and Extension A, compatibility ideographs), Hiragana, Katakana and Hangul
    /// syllables: the scripts written without spaces between words (BMP only; characters outside it stay as before).
    /// </summary>
    private static bool IsCjk(char c) =>
        ScriptRanges.IsHan(c) || c is (>= '\u3040' and <= '\u309F') or (>= '\u30A0' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF');

    /// <summary>Adds a character, or marks the term as too long by pushing the length past the buffer's end.</summary>
    private static void Append(Span<char> buffer, ref int length, char c)
    {
        if (length < buffer.Length)
        {
            buffer[length] = c;
        }

        length++;
    }

    /// <summary>
    /// At an apostrophe inside a word: "'s" closing the word is a possessive and is consumed with the word;
    /// an apostrophe between letters is skipped and the word goes on; anything else ends the word.
    /// </summary>
    private static bool TryContinueAfterApostrophe(string text, ref int i, ref int end)
    {
        int n = text.Length;
        if (i == 0 || i + 1 >= n || !char.IsLetter(text[i - 1]) || !char.IsLetter(text[i + 1]))
        {
            return false;
        }

        if ((text[i + 1] | 0x20) == 's' && (i + 2 >= n || !StartsWord(text, i + 2)))
        {
            i += 2;
            end = i;
            return false;
        }

        i++;
        return true;
    }

    private static bool IsDigitBefore(string text, int i) => i > 0 && char.IsAsciiDigit(text[i - 1]);

    private static bool IsThousandsSeparator(string text, int i)
    {
        if (!IsDigitBefore(text, i) || i + 3 >= text.Length)
        {
            return false;
        }

        return char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]) && char.IsAsciiDigit(text[i + 3])
            && (i + 4 == text.Length || !char.IsAsciiDigit(text[i + 4]));
    }

    private static bool StartsWord(string text, int i)
    {
        char c = text[i];
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c);
        }

        if (CharacterFolding.Fold(c) is not null)
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return IsLetterCategory(category)
            || category == UnicodeCategory.DecimalDigitNumber
            || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLetterOrDigit(text, i));
    }

    private static bool IsLetterCategory(UnicodeCategory category) => category
        is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter;
}
