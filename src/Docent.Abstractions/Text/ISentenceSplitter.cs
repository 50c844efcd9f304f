namespace Docent.Text;

/// <summary>
/// Splits text into sentences. Spans are trimmed of surrounding whitespace, in order, non-overlapping and
/// never empty. Copes with abbreviations, decimals, list items (each line that is a bullet is a sentence)
/// and code. Thread-safe.
/// </summary>
public interface ISentenceSplitter
{
    /// <summary>The sentences of <paramref name="text"/>.</summary>
    IReadOnlyList<SentenceSpan> Split(string text);
}
