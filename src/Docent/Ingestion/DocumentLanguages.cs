using Docent.Text;

namespace Docent.Ingestion;

/// <summary>
/// Identifies the language of each chunk of one document as it streams past: a chunk with evidence of its own keeps
/// its language (a document may switch languages); one without (a table, a list of names, a code listing) takes the
/// language most of the document's chunks so far are in. Not thread-safe (one per document being ingested).
/// </summary>
internal sealed class DocumentLanguages
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private string? _majority;

    /// <summary>The language of most chunks so far; null before any chunk had evidence.</summary>
    public string? Majority => _majority;

    /// <summary>The language of the next chunk, <paramref name="text"/>.</summary>
    public string Identify(string text)
    {
        var language = LanguageIdentifier.Identify(text);
        if (language == LanguageIdentifier.Undetermined)
        {
            return _majority ?? language;
        }

        int count = _counts[language] = _counts.GetValueOrDefault(language) + 1;
        if (_majority is null || (language != _majority && count > _counts[_majority]))
        {
            _majority = language;
        }

        return language;
    }
}
