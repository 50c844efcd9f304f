namespace Docent.Conversation;

/// <summary>One exchange of a conversation: what was asked, the standalone query retrieved with, and the answer. Immutable.</summary>
/// <param name="Ordinal">1-based position in the conversation.</param>
/// <param name="Question">The question as the user wrote it.</param>
/// <param name="StandaloneQuestion">The question rewritten to stand alone (what retrieval saw).</param>
/// <param name="Answer">The answer text given.</param>
/// <param name="Found">Whether the documents answered it.</param>
/// <param name="CreatedAt">When the turn was stored.</param>
public sealed record ConversationTurn(int Ordinal, string Question, string StandaloneQuestion, string Answer, bool Found, DateTimeOffset CreatedAt);
