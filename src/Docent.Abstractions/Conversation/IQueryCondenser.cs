namespace Docent.Conversation;

/// <summary>
/// Rewrites a follow-up question into one that stands alone ("Can they carry them over?" → "Can new employees
/// carry vacation days over?"), so retrieval does not depend on the history. Thread-safe.
/// </summary>
public interface IQueryCondenser
{
    /// <summary>
    /// The standalone form of <paramref name="question"/> given the earlier turns of <paramref name="history"/>
    /// (oldest first); the question itself when it already stands alone.
    /// </summary>
    Task<string> CondenseAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken = default);
}
