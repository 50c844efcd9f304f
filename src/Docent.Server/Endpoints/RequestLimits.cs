using System.Globalization;

namespace Docent.Server.Endpoints;

/// <summary>The messages of requests over a server limit: each names the limit and the setting that raises it. Static; thread-safe.</summary>
internal static class RequestLimits
{
    /// <summary>A question or query over <see cref="ServerOptions.MaxQuestionLength"/>; <paramref name="what"/> names it ("The question").</summary>
    public static string QuestionTooLong(string what, int length, ServerOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"{what} is {length:N0} characters, over the {options.MaxQuestionLength:N0}-character limit: shorten it, or raise {ServerOptions.SettingHint("maxQuestionLength")}.");

    /// <summary>A chat request with more than <see cref="ServerOptions.MaxMessages"/> messages.</summary>
    public static string TooManyMessages(int count, ServerOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"The request holds {count:N0} messages, over the limit of {options.MaxMessages:N0}: send only the recent ones, or raise {ServerOptions.SettingHint("maxMessages")}.");

    /// <summary>An earlier chat message over <see cref="ServerOptions.MaxMessageLength"/>; <paramref name="index"/> is 0-based.</summary>
    public static string MessageTooLong(int index, int length, ServerOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"Message {index + 1} is {length:N0} characters, over the {options.MaxMessageLength:N0}-character limit for a message: shorten it, or raise {ServerOptions.SettingHint("maxMessageLength")}.");

    /// <summary>
    /// Why a chat request's messages are over a limit (null: within them): too many, an earlier one too long, or the last
    /// user message (the question) over the question limit.
    /// </summary>
    public static string? CheckMessages(IReadOnlyList<ChatMessageBody> messages, ServerOptions options)
    {
        if (messages.Count > options.MaxMessages)
        {
            return TooManyMessages(messages.Count, options);
        }

        var last = -1;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == "user")
            {
                last = i;
                break;
            }
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var length = messages[i].Text?.Length ?? 0;
            if (i == last && length > options.MaxQuestionLength)
            {
                return QuestionTooLong("The question (the last user message)", length, options);
            }

            if (i != last && length > options.MaxMessageLength)
            {
                return MessageTooLong(i, length, options);
            }
        }

        return null;
    }
}
