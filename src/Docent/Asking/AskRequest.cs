using Docent.Answering;

namespace Docent.Asking;

/// <summary>One question to <see cref="AskPipeline"/>: how many passages to read, and the conversation it belongs to. Plain options.</summary>
public sealed class AskRequest
{
    /// <summary>How many retrieved passages the answer may draw on.</summary>
    public int Top { get; set; } = 8;

    /// <summary>The conversation (created when new); null asks a one-off question.</summary>
    public string? ConversationId { get; set; }

    /// <summary>
    /// Earlier turns supplied by the caller (an OpenAI-style client sends the whole history each time); used when
    /// <see cref="ConversationId"/> is null. Nothing is stored for them.
    /// </summary>
    public IReadOnlyList<Conversation.ConversationTurn>? History { get; set; }

    /// <summary>
    /// Whose documents the answer may draw on, and whose conversations it may continue; null: every document (the data
    /// folder's owner).
    /// </summary>
    public Access.AccessScope? Access { get; set; }

    /// <summary>
    /// Who asks, for the audit log (<see cref="AuditingAskPipeline"/>): the server's API key name ("open" when it has no
    /// keys), "cli:" and the OS user for the command line; null: "unknown". Changes no answer.
    /// </summary>
    public string? CallerName { get; set; }

    /// <summary>Answer composition.</summary>
    public AnswerOptions? Answering { get; set; }

    /// <summary>The most tokens a language model may write for the answer (<see cref="AnswerOptions.MaxOutputTokens"/>); null: its configured limit.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Top is < 1 or > 100)
        {
            throw new ArgumentException("--top must be between 1 and 100.");
        }

        if (ConversationId is not null)
        {
            Storage.ConversationStore.ValidateId(ConversationId);
        }

        if (MaxOutputTokens is < 1)
        {
            throw new ArgumentException("The most output tokens must be at least 1.");
        }

        Answering?.Validate();
    }
}
