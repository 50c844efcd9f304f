namespace Docent.Agents;

/// <summary>One source of a <see cref="DocumentAnswer"/>. Immutable.</summary>
/// <param name="Index">The marker number, as written "[n]" in the answer.</param>
/// <param name="Source">The document's source as callers see it.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Page">Page of the quote where known.</param>
/// <param name="Quote">The supporting sentence, verbatim.</param>
public sealed record DocumentCitation(int Index, string Source, string Title, int? Page, string Quote);
