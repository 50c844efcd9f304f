using System.Collections.Frozen;

namespace Docent.Text;

/// <summary>
/// What one language adds to word segmentation: its stop words, how a lower-cased word is normalised before they are
/// looked up (Arabic letter forms, Greek final sigma and accents, Indic vowel signs), and its stemmer. The stemmers and
/// stop-word lists are Lucene.NET's (Snowball for the European languages; Lucene's light stemmers for Arabic, Hindi,
/// Greek, Bulgarian and Czech): well-kept, and what Lucene and Elasticsearch users get for these languages. Built by
/// <see cref="LanguageChains"/>. Thread-safe (immutable; each caller makes its own <see cref="LanguageStemmer"/>).
/// </summary>
internal sealed class LanguageChain
{
    private readonly FrozenSet<string> _stopWordSet;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopWords;
    private readonly Func<LanguageStemmer>? _createStemmer;

    /// <summary>A chain for <paramref name="language"/>.</summary>
    public LanguageChain(
        string language,
        IEnumerable<string> stopWords,
        Func<LanguageStemmer>? createStemmer,
        bool foldDiacritics = true,
        bool dotlessI = false,
        WordSegmentation segmentation = WordSegmentation.Spaces)
    {
        Segmentation = segmentation;
        Language = language;
        _stopWordSet = stopWords.ToFrozenSet(StringComparer.Ordinal);
        _stopWords = _stopWordSet.GetAlternateLookup<ReadOnlySpan<char>>();
        _createStemmer = createStemmer;
        FoldDiacritics = foldDiacritics;
        DotlessI = dotlessI;
    }

    /// <summary>The language's code (ISO 639-1, as <see cref="LanguageIdentifier"/> returns it).</summary>
    public string Language { get; }

    /// <summary>
    /// Whether the stemmed word is folded like English (accents stripped). Off where accents tell words apart and no
    /// stemmer removes them (Vietnamese tones).
    /// </summary>
    public bool FoldDiacritics { get; }

    /// <summary>How words written without spaces between them are found (Chinese, Thai); other text splits at spaces and punctuation.</summary>
    public WordSegmentation Segmentation { get; }

    /// <summary>Whether capital I lower-cases to dotless ı (Turkish, Azerbaijani).</summary>
    public bool DotlessI { get; }

    /// <summary>The language's stop words, lower-cased.</summary>
    public IEnumerable<string> StopWords => _stopWordSet;

    /// <summary>Whether the chain has a stemmer.</summary>
    public bool Stems => _createStemmer is not null;

    /// <summary>Whether <paramref name="word"/> (lower-cased and normalised) is one of the language's stop words.</summary>
    public bool IsStopWord(ReadOnlySpan<char> word) => _stopWords.Contains(word);

    /// <summary>A stemmer for one caller (stemmers keep state between calls).</summary>
    public LanguageStemmer CreateStemmer() => _createStemmer?.Invoke() ?? LanguageStemmer.None;
}
