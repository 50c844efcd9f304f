namespace Docent.Storage;

/// <summary>A stored conversation as a list shows it: its id, title (its first question), when it began and last changed, and how many turns it has. Immutable.</summary>
public sealed record ConversationSummary(string Id, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Turns);
