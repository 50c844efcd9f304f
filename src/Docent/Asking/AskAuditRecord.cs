namespace Docent.Asking;

/// <summary>One line of the <see cref="AskAuditLog"/>: who asked what, and what the answer drew on. Immutable.</summary>
/// <param name="Time">When the answer was given.</param>
/// <param name="Caller">Who asked (<see cref="AskRequest.CallerName"/>).</param>
/// <param name="Principals">The caller's principals, sorted; ["*"] for a caller who may read everything, empty for public documents only.</param>
/// <param name="Collection">The collection (the server's name for it, or the CLI's data folder).</param>
/// <param name="Question">The question as asked.</param>
/// <param name="StandaloneQuestion">The question retrieval searched for.</param>
/// <param name="ConversationId">The conversation, or null for a one-off question.</param>
/// <param name="Found">Whether the documents answered it.</param>
/// <param name="Documents">The cited documents, in citation order, each once: id and the source as callers see it.</param>
/// <param name="Cached">Whether the answer came from the answer cache.</param>
/// <param name="Latency">How long the caller waited for the answer.</param>
public sealed record AskAuditRecord(
    DateTimeOffset Time, string Caller, IReadOnlyList<string> Principals, string Collection, string Question, string StandaloneQuestion,
    string? ConversationId, bool Found, IReadOnlyList<(string Id, string Source)> Documents, bool Cached, TimeSpan Latency);
