namespace Docent.Text;

/// <summary>What the caller knows about a text it hands to <see cref="ITextAnalyzer.Analyze(string, TextAnalysisOptions?)"/>. Immutable.</summary>
public sealed record TextAnalysisOptions
{
    /// <summary>
    /// The text's language (ISO 639-1, e.g. "de", or "und" when identification found none); null when unknown, and the
    /// analyzer identifies it. A chunk's language is stored with it; a query's is identified among the languages its
    /// collection holds.
    /// </summary>
    public string? Language { get; init; }

    /// <summary>
    /// The languages the text is likely to be in (a collection's, most frequent first): an analyzer that identifies the
    /// language picks among these where the text's script allows, so a short query takes its collection's language.
    /// </summary>
    public IReadOnlyList<string>? CandidateLanguages { get; init; }
}
