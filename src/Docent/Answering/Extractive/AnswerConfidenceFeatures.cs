namespace Docent.Answering.Extractive;

/// <summary>
/// The evidence behind one extractive answer, each value normalised so it means the same on any corpus (shares,
/// ranks, margins relative to the top) rather than a raw BM25 score. <see cref="AnswerConfidence"/> turns it into one
/// confidence; the sentence chooser only has to fill it in. Immutable.
/// </summary>
/// <param name="Coverage">Share of the question's idf mass the chosen sentence holds, its surroundings' terms at a discount (0–1).</param>
/// <param name="OwnCoverage">Share of the question's idf mass the chosen sentence holds by itself (0–1).</param>
/// <param name="ContextCoverage">Share of the question's idf mass found anywhere in the retrieved passages (0–1).</param>
/// <param name="PassageCoverage">Share of the question's idf mass found in the chosen sentence's passage (its title and headings included) (0–1).</param>
/// <param name="MissingFromPassage">The largest share of the question's idf mass one question term holds that the chosen sentence's passage lacks (0 when it lacks none).</param>
/// <param name="CueMatch">For a question that asks for a kind of answer (who, when, how many…): how strongly the sentence holds one (0–1); 1 for other questions.</param>
/// <param name="Proximity">How close together the question terms sit in the sentence (1 adjacent, towards 0 spread out).</param>
/// <param name="PassageRank">0-based rank of the sentence's passage among the retrieved passages.</param>
/// <param name="PassageScoreShare">The sentence's passage's retrieval score relative to the top passage's (0–1).</param>
/// <param name="RetrievalMargin">How far the top passage's score stands above the second's, relative to the top (0–1; 1 with one passage).</param>
/// <param name="SentenceMargin">How far the chosen sentence's score stands above the next best sentence's, relative to it (0–1).</param>
/// <param name="QuestionTerms">How many content terms the question has.</param>
/// <param name="Similarity">With an embedding model: cosine similarity between the question and the chosen sentence (0 when it was not compared); null without one.</param>
/// <param name="ContextSimilarity">With an embedding model: the highest cosine similarity between the question and any compared sentence; null without one.</param>
public sealed record AnswerConfidenceFeatures(
    double Coverage,
    double OwnCoverage,
    double ContextCoverage,
    double PassageCoverage,
    double MissingFromPassage,
    double CueMatch,
    double Proximity,
    int PassageRank,
    double PassageScoreShare,
    double RetrievalMargin,
    double SentenceMargin,
    int QuestionTerms,
    double? Similarity = null,
    double? ContextSimilarity = null);
