namespace Docent.Text;

/// <summary>
/// Turns text into index terms (Unicode normalisation, case folding, stop words, stemming). The same
/// analyzer must index and query. Thread-safe.
/// </summary>
public interface ITextAnalyzer
{
    /// <summary>A short identifier of the analysis chain, stored with an index so a mismatch is detected.</summary>
    string Name { get; }

    /// <summary>The terms of <paramref name="text"/> in order.</summary>
    IReadOnlyList<Token> Analyze(string text);

    /// <summary>
    /// The terms of <paramref name="text"/> in order, analysed as <paramref name="options"/> say (its language, where
    /// the caller knows it). Analyzers of one language ignore the options.
    /// </summary>
    IReadOnlyList<Token> Analyze(string text, TextAnalysisOptions? options) => Analyze(text);
}
