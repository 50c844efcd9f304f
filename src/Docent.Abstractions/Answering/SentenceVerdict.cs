using Docent.Text;

namespace Docent.Answering;

/// <summary>The grounding check's verdict on one answer sentence. Immutable.</summary>
/// <param name="Sentence">The sentence as written in the answer, citation markers included.</param>
/// <param name="Span">Where the sentence lies in the answer (its trailing markers included).</param>
/// <param name="Checked">False for a sentence that asserts nothing to check (the not-found sentence, a lead-in ending in ':').</param>
/// <param name="Supported">Whether the cited sources support it (true when not checked).</param>
/// <param name="Reason">Why it is unsupported, or null.</param>
/// <param name="Citations">The valid source numbers it cites, in order of first mention.</param>
/// <param name="InvalidCitations">Cited numbers with no such source; their markers are removed from the answer.</param>
/// <param name="Coverage">Share of its content words found in the cited sources (0 to 1; 1 when it has none).</param>
/// <param name="Support">Per valid cited source, the sentence that best supports it (best first).</param>
public sealed record SentenceVerdict(
    string Sentence,
    SentenceSpan Span,
    bool Checked,
    bool Supported,
    string? Reason,
    IReadOnlyList<int> Citations,
    IReadOnlyList<int> InvalidCitations,
    double Coverage,
    IReadOnlyList<SupportingSentence> Support);
