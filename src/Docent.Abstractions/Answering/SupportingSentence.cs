using Docent.Text;

namespace Docent.Answering;

/// <summary>The sentence of one cited source that best supports an answer sentence. Immutable.</summary>
/// <param name="Source">1-based number of the source, as cited.</param>
/// <param name="Span">Where the sentence lies in the source's <see cref="GroundingPassage.Text"/>.</param>
/// <param name="Overlap">Share of the answer sentence's content words found in this sentence (0 to 1).</param>
/// <param name="Similarity">Cosine similarity of embeddings, when an embedding generator was given.</param>
public sealed record SupportingSentence(int Source, SentenceSpan Span, double Overlap, double? Similarity);
