namespace Docent.Evaluation;

/// <summary>One ClapNQ question: its passage (by key into <see cref="ClapNqDataset.Passages"/>) and gold sentences (none when unanswerable). Immutable.</summary>
/// <param name="Id">The Natural Questions id.</param>
/// <param name="Question">The question text.</param>
/// <param name="PassageIndex">Index of the question's passage in <see cref="ClapNqDataset.Passages"/>.</param>
/// <param name="GoldSentences">The passage sentences the annotators selected as the answer (for the one dev question with an answer but no selected sentence: its written answers); empty when unanswerable.</param>
/// <param name="Unanswerable">Whether the passage does not answer the question (every annotator's answer is empty).</param>
public sealed record ClapNqQuestion(string Id, string Question, int PassageIndex, IReadOnlyList<string> GoldSentences, bool Unanswerable);
