using System.Text;
using Microsoft.Extensions.AI;

namespace Docent.Conversation;

/// <summary>
/// Condenses a follow-up with the chat model: the recent turns and the question go in, one standalone question
/// comes out. The first turn, and any reply that is empty or implausibly long, fall back to the question or the
/// deterministic rewrite. Thread-safe when the chat client is.
/// </summary>
public sealed class LlmQueryCondenser : IQueryCondenser
{
    /// <summary>How many earlier turns the model sees.</summary>
    public const int HistoryTurns = 4;

    private const string Instruction =
        "Rewrite the user's last question so it can be understood without the conversation: resolve pronouns and " +
        "references to earlier turns and keep every detail the question needs. Do not answer it. Reply with the " +
        "rewritten question only, on one line. If it already stands alone, repeat it unchanged.";

    private readonly IChatClient _chat;
    private readonly IQueryCondenser _fallback;

    /// <summary>Creates the condenser; <paramref name="fallback"/> handles replies that cannot be used.</summary>
    public LlmQueryCondenser(IChatClient chat, IQueryCondenser fallback)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(fallback);
        _chat = chat;
        _fallback = fallback;
    }

    /// <inheritdoc />
    public async Task<string> CondenseAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return question.Trim();
        }

        var transcript = new StringBuilder();
        foreach (var turn in history.TakeLast(HistoryTurns))
        {
            transcript.Append("User: ").AppendLine(turn.Question);
            transcript.Append("Assistant: ").AppendLine(turn.Answer.Length > 600 ? turn.Answer[..600] + "…" : turn.Answer);
        }

        transcript.Append("User (last question): ").AppendLine(question);
        var response = await _chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, Instruction), new ChatMessage(ChatRole.User, transcript.ToString())],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 128 },
            cancellationToken).ConfigureAwait(false);
        var rewritten = response.Text.Trim().Trim('"').Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";
        return rewritten.Length == 0 || rewritten.Length > Math.Max(400, question.Length * 4)
            ? await _fallback.CondenseAsync(question, history, cancellationToken).ConfigureAwait(false)
            : rewritten;
    }
}
