namespace Docent.Evaluation;

/// <summary>One question of a golden set: the phrases a right answer contains, or that it must be refused. Immutable.</summary>
/// <param name="Id">"line N" of the file unless the line gives an "id".</param>
/// <param name="Question">The question text.</param>
/// <param name="Expect">Phrases of which a right answer contains at least one (case-insensitive).</param>
/// <param name="Unanswerable">Whether the documents do not answer it, so the right outcome is a refusal.</param>
public sealed record GoldenQuestion(string Id, string Question, IReadOnlyList<string> Expect, bool Unanswerable);
