using System.Collections.Frozen;
using System.Globalization;

namespace Docent.Text;

/// <summary>
/// Says which language a text is written in, from two kinds of evidence: the script of its letters (Greek, Thai,
/// Hangul, kana, Han, Devanagari, Hebrew and the rest each name one language or a few), and, within Latin, Cyrillic and
/// Arabic script, the share of its words that are one language's stop words (the commonest function words: a
/// unigram profile of each language; a word several languages share counts for each a fraction). Stop words make up
/// a third to a half of running text in every language here, so a passage of a few sentences is identified
/// reliably; a short query may not be, which is why callers pass the languages their collection holds
/// (<c>candidates</c>) and fall back on them. Vietnamese is told by its tone-marked letters. Written for this project
/// rather than taken from a package: the one that restores here (Lingua) ships 72 MB of n-gram models, and this needs
/// only the stop-word lists the analyzers use anyway. Thread-safe (immutable).
/// </summary>
public static class LanguageIdentifier
{
    /// <summary>The code for text whose language could not be told (no letters, or no evidence).</summary>
    public const string Undetermined = "und";

    private const int MaxCharactersExamined = 20_000;

    /// <summary>
    /// The least number of distinct stop words that names a language when the caller gives no candidates: one or two
    /// ("on", "per") are shared too widely to tell English from Catalan in a line of text.
    /// </summary>
    private const int MinDistinctStopWords = 3;

    /// <summary>Distinct stop words after which a text has said enough (a long chunk is not read to its end).</summary>
    private const int EnoughDistinctStopWords = 24;

    private static readonly string[] LatinLanguages =
        ["en", "de", "es", "fr", "it", "pt", "nl", "sv", "no", "da", "fi", "hu", "ro", "tr", "ca", "eu", "ga", "cs"];

    private static readonly string[] CyrillicLanguages = ["ru", "bg"];

    private static readonly string[] ArabicScriptLanguages = ["ar", "fa"];

    private static readonly Lazy<FrozenDictionary<string, (string Language, double Weight)[]>> StopWordIndex = new(BuildStopWordIndex);

    /// <summary>
    /// The language of <paramref name="text"/> (ISO 639-1, or <see cref="Undetermined"/>). When
    /// <paramref name="candidates"/> is given, the answer is one of them wherever the text's script allows it: the
    /// candidate with most evidence, or, with none, the first candidate written in that script.
    /// </summary>
    public static string Identify(string text, IReadOnlyList<string>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var script = DominantScript(text);
        string[] contenders = script switch
        {
            Script.Latin => LatinLanguages,
            Script.Cyrillic => CyrillicLanguages,
            Script.Arabic => ArabicScriptLanguages,
            _ => [],
        };

        if (script == Script.Latin && IsVietnamese(text))
        {
            return Prefer(candidates, "vi", script);
        }

        if (script == Script.Cyrillic && HasUkrainianLetters(text))
        {
            return Prefer(candidates, "uk", script);
        }

        if (contenders.Length == 0)
        {
            return Prefer(candidates, LanguageOf(script, text), script);
        }

        var scores = ScoreStopWords(text, contenders, out int distinctStopWords);
        // Without evidence: the language most people write the script in (Latin stays undetermined, and is analysed
        // as English).
        string scriptDefault = script switch { Script.Cyrillic => "ru", Script.Arabic => "ar", _ => Undetermined };
        if (candidates is null && distinctStopWords < MinDistinctStopWords)
        {
            return scriptDefault;
        }

        // A query leaves its collection's main language in the script only on two stop words of another (one shared word
        // such as "a" or "in" should not send an English claim to a French chunk's analysis).
        string? main = candidates?.FirstOrDefault(c => c != Undetermined && ScriptOfLanguage(c) == script);
        string? best = null;
        double bestScore = 0;
        double second = 0;
        foreach (var language in contenders)
        {
            if (candidates is not null && !candidates.Contains(language))
            {
                continue;
            }

            var (score, _) = scores.GetValueOrDefault(language);
            if (score > bestScore)
            {
                second = bestScore;
                bestScore = score;
                best = language;
            }
            else if (score > second)
            {
                second = score;
            }
        }

        if (best is not null && bestScore > second && (main is null || best == main || scores[best].Words >= 2))
        {
            return best;
        }

        return Prefer(candidates, scriptDefault, script);
    }

    /// <summary>The script most of the letters of <paramref name="text"/> are written in (the first 20,000 characters).</summary>
    internal static Script DominantScript(string text)
    {
        Span<int> counts = stackalloc int[(int)Script.Count];
        int limit = Math.Min(text.Length, MaxCharactersExamined);
        for (int i = 0; i < limit; i++)
        {
            var script = ScriptOf(text[i]);
            if (script != Script.None)
            {
                counts[(int)script]++;
            }
        }

        // Kana mixed with Han is Japanese; Han is counted with it.
        if (counts[(int)Script.Kana] > 0)
        {
            counts[(int)Script.Kana] += counts[(int)Script.Han];
            counts[(int)Script.Han] = 0;
        }

        var best = Script.None;
        int bestCount = 0;
        for (int s = 1; s < counts.Length; s++)
        {
            if (counts[s] > bestCount)
            {
                bestCount = counts[s];
                best = (Script)s;
            }
        }

        return best;
    }

    /// <summary>The script of one character (letters and combining marks only; None for the rest).</summary>
    internal static Script ScriptOf(char c) => c switch
    {
        < 'A' => Script.None,
        <= 'Z' or (>= 'a' and <= 'z') => Script.Latin,
        < '\u00C0' => Script.None,
        <= '\u024F' or (>= '\u1E00' and <= '\u1EFF') => c is '\u00D7' or '\u00F7' ? Script.None : Script.Latin,
        >= '\u0370' and <= '\u03FF' or (>= '\u1F00' and <= '\u1FFF') => Script.Greek,
        >= '\u0400' and <= '\u052F' => Script.Cyrillic,
        >= '\u0530' and <= '\u058F' => Script.Armenian,
        >= '\u0590' and <= '\u05FF' => Script.Hebrew,
        >= '\u0600' and <= '\u06FF' or (>= '\u0750' and <= '\u077F') or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF') => Script.Arabic,
        >= '\u0900' and <= '\u097F' => Script.Devanagari,
        >= '\u0980' and <= '\u09FF' => Script.Bengali,
        >= '\u0B80' and <= '\u0BFF' => Script.Tamil,
        >= '\u0E00' and <= '\u0E7F' => Script.Thai,
        >= '\u10A0' and <= '\u10FF' => Script.Georgian,
        >= '\u1100' and <= '\u11FF' or (>= '\u3130' and <= '\u318F') or (>= '\uAC00' and <= '\uD7AF') => Script.Hangul,
        >= '\u3040' and <= '\u30FF' => Script.Kana,
        >= '\u3400' and <= '\u4DBF' or (>= '\u4E00' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') => Script.Han,
        _ => Script.None,
    };

    private static string LanguageOf(Script script, string text) => script switch
    {
        Script.Greek => "el",
        Script.Armenian => "hy",
        Script.Hebrew => "he",
        Script.Devanagari => "hi",
        Script.Bengali => "bn",
        Script.Tamil => "ta",
        Script.Thai => "th",
        Script.Georgian => "ka",
        Script.Hangul => "ko",
        Script.Kana => "ja",
        Script.Han => "zh",
        _ => Undetermined,
    };

    /// <summary>
    /// <paramref name="identified"/>, or, when the caller's candidates do not include it, the first candidate written
    /// in the same script (the collection's language for a query too short to tell).
    /// </summary>
    private static string Prefer(IReadOnlyList<string>? candidates, string identified, Script script)
    {
        if (candidates is null || candidates.Count == 0 || (identified != Undetermined && candidates.Contains(identified)))
        {
            return identified;
        }

        // A collection's "und" chunks (tables, code) say nothing about its language: the first named one in the script wins.
        foreach (var candidate in candidates)
        {
            if (candidate != Undetermined && ScriptOfLanguage(candidate) == script)
            {
                return candidate;
            }
        }

        return identified;
    }

    /// <summary>The script a language code is written in (Latin for those not listed).</summary>
    internal static Script ScriptOfLanguage(string language) => language switch
    {
        "el" => Script.Greek,
        "ru" or "bg" or "uk" => Script.Cyrillic,
        "hy" => Script.Armenian,
        "he" => Script.Hebrew,
        "ar" or "fa" => Script.Arabic,
        "hi" => Script.Devanagari,
        "bn" => Script.Bengali,
        "ta" => Script.Tamil,
        "th" => Script.Thai,
        "ka" => Script.Georgian,
        "ko" => Script.Hangul,
        "ja" => Script.Kana,
        "zh" => Script.Han,
        Undetermined => Script.None,
        _ => Script.Latin,
    };

    /// <summary>Each contender's evidence: the weights of its distinct stop words in the text, and how many there are.</summary>
    private static Dictionary<string, (double Score, int Words)> ScoreStopWords(string text, string[] contenders, out int distinctStopWords)
    {
        var scores = new Dictionary<string, (double Score, int Words)>(StringComparer.Ordinal);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var index = StopWordIndex.Value.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> word = stackalloc char[32];
        int limit = Math.Min(text.Length, MaxCharactersExamined);
        int i = 0;
        while (i < limit && seen.Count < EnoughDistinctStopWords)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            int length = 0;
            while (i < limit && (char.IsLetter(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            {
                if (length < word.Length)
                {
                    word[length] = char.ToLowerInvariant(text[i]);
                }

                length++;
                i++;
            }

            // Each distinct word counts once, so a name repeated through a passage ("Los Angeles") cannot outvote it. A
            // one-letter Latin word is an initial, a variable or a unit as often as a stop word ("Vitamin D", "N-terminal"
            // read as French d', n'), so it is no evidence.
            bool ambiguous = length == 1 && char.IsAsciiLetter(word[0]);
            if (!ambiguous && length <= word.Length && index.TryGetValue(word[..length], out var entries) && seen.Add(entries))
            {
                foreach (var (language, weight) in entries)
                {
                    if (Array.IndexOf(contenders, language) >= 0)
                    {
                        var (score, words) = scores.GetValueOrDefault(language);
                        scores[language] = (score + weight, words + 1);
                    }
                }
            }
        }

        distinctStopWords = seen.Count;
        return scores;
    }

    private static bool IsVietnamese(string text)
    {
        // Letters with a tone mark on a circumflex or breve vowel, or horn letters, are written only in Vietnamese.
        int limit = Math.Min(text.Length, MaxCharactersExamined);
        var examined = text.AsSpan(0, limit);
        if (examined.IndexOfAnyInRange('\u1EA0', '\u1EF9') < 0 && examined.IndexOfAny("ơưƠƯđĐ") < 0)
        {
            return false;
        }

        int marked = 0;
        int letters = 0;
        for (int i = 0; i < limit; i++)
        {
            char c = text[i];
            if (char.IsLetter(c))
            {
                letters++;
                if (c is (>= '\u1EA0' and <= '\u1EF9') or 'ơ' or 'ư' or 'Ơ' or 'Ư' or 'đ' or 'Đ')
                {
                    marked++;
                }
            }
        }

        return marked >= 2 && marked * 50 >= letters;
    }

    private static bool HasUkrainianLetters(string text) =>
        text.AsSpan(0, Math.Min(text.Length, MaxCharactersExamined)).IndexOfAny("іїєґІЇЄҐ") >= 0;

    private static FrozenDictionary<string, (string Language, double Weight)[]> BuildStopWordIndex()
    {
        var byWord = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string language, IEnumerable<string> words)
        {
            foreach (var word in words)
            {
                if (!byWord.TryGetValue(word, out var languages))
                {
                    byWord[word] = languages = [];
                }

                if (!languages.Contains(language))
                {
                    languages.Add(language);
                }
            }
        }

        Add("en", EnglishStopWords.Words);
        foreach (var language in LatinLanguages.Concat(CyrillicLanguages).Concat(ArabicScriptLanguages))
        {
            if (LanguageChains.Find(language) is { } chain)
            {
                Add(language, chain.StopWords);
            }
        }

        return byWord.ToFrozenDictionary(
            pair => pair.Key,
            pair => pair.Value.Select(language => (language, 1.0 / pair.Value.Count)).ToArray(),
            StringComparer.Ordinal);
    }
}
