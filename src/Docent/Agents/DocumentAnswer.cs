namespace Docent.Agents;

/// <summary>What <c>ask_documents</c> returns to a model: the cited answer, or that the documents do not hold one. Immutable.</summary>
/// <param name="Answer">The answer, each sentence followed by its "[n]" markers.</param>
/// <param name="Found">Whether the documents support an answer.</param>
/// <param name="Citations">The sources behind the markers.</param>
public sealed record DocumentAnswer(string Answer, bool Found, IReadOnlyList<DocumentCitation> Citations);
