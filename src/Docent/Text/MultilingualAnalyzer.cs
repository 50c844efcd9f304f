namespace Docent.Text;

/// <summary>
/// The lexical analysis of every language (issue 15): the text's language (given, or identified by
/// <see cref="LanguageIdentifier"/>) picks the chain. English, and any language without a chain of its own, is analysed
/// exactly as <see cref="EnglishAnalyzer"/> does (so English indexes and figures do not change); the languages in
/// <see cref="LanguageChains"/> keep the same segmentation (words, numbers, codes, CJK bigrams) with their own stop
/// words and stemmer, so numbers, codes and names match across languages. Thread-safe (immutable).
/// </summary>
public sealed class MultilingualAnalyzer : ITextAnalyzer
{
    private readonly EnglishAnalyzer _english;

    /// <summary>An analyzer with the default options: "multilingual-v1".</summary>
    public MultilingualAnalyzer()
        : this(null)
    {
    }

    /// <summary>An analyzer whose stemming, stop words and term length follow <paramref name="options"/>.</summary>
    public MultilingualAnalyzer(EnglishAnalyzerOptions? options)
    {
        _english = new EnglishAnalyzer(options);
        Name = _english.Name == new EnglishAnalyzer().Name ? "multilingual-v1" : $"multilingual-v1({_english.Name})";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IReadOnlyList<Token> Analyze(string text) => Analyze(text, null);

    /// <inheritdoc />
    public IReadOnlyList<Token> Analyze(string text, TextAnalysisOptions? options)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A given language is used as it is: a stored "und" was identified once already and is analysed as English.
        string language = options?.Language ?? LanguageIdentifier.Identify(text, options?.CandidateLanguages);
        return LanguageChains.Find(language) is { } chain ? _english.AnalyzeWith(text, chain) : _english.Analyze(text);
    }
}
