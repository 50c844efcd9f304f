using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// Thresholds of <see cref="GroundingChecker"/>. Plain options; the checker copies them (and calls
/// <see cref="Validate"/>) when it is built. Not thread-safe while mutated.
/// </summary>
public sealed class GroundingOptions
{
    /// <summary>
    /// The least share of an answer sentence's distinct content words (stemmed, stop words and numbers left out)
    /// that must occur in the sources it cites (text, title or headings).
    /// </summary>
    public double MinCoverage { get; set; } = 0.5;

    /// <summary>How many words either side of a negation cue count as "near" a word the two sentences share.</summary>
    public int NegationWindow { get; set; } = 4;

    /// <summary>
    /// With an embedding generator: a sentence whose word coverage falls short still passes that test when its
    /// cosine similarity to some sentence of a cited source is at least this (a paraphrase). Numbers, names
    /// and negation are checked regardless. 0.70 suits normalised sentence-embedding models; measured with the built-in
    /// all-MiniLM-L6-v2 (GroundingWithBuiltinModelTests): paraphrases of handbook sentences scored 0.72, 0.75 and 0.91,
    /// on-topic sentences the source does not state 0.36-0.38 (at 0.75, the previous value, the 0.72 paraphrase failed).
    /// Raise it for models whose scores run high (unrelated text above 0.5).
    /// </summary>
    public double EmbeddingSupportThreshold { get; set; } = 0.70;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (double.IsNaN(MinCoverage) || MinCoverage is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinCoverage), MinCoverage, "MinCoverage must be in [0, 1].");
        }

        if (NegationWindow is < 1 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(NegationWindow), NegationWindow, "NegationWindow must be between 1 and 50.");
        }

        if (double.IsNaN(EmbeddingSupportThreshold) || EmbeddingSupportThreshold is < -1 or > 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(EmbeddingSupportThreshold), EmbeddingSupportThreshold, "EmbeddingSupportThreshold must be in [-1, 1].");
        }
    }
}
