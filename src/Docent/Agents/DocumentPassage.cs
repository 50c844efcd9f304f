namespace Docent.Agents;

/// <summary>One passage <c>search_documents</c> returns to a model. Immutable.</summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="Source">The document's source as callers see it (its path within the ingested folder).</param>
/// <param name="Title">The document's title.</param>
/// <param name="Page">The passage's page where known.</param>
/// <param name="Headings">The passage's heading path, joined with " > ".</param>
/// <param name="Text">The passage.</param>
/// <param name="Score">The retrieval score (higher is better; comparable only within one search).</param>
public sealed record DocumentPassage(int Rank, string Source, string Title, int? Page, string Headings, string Text, double Score);
