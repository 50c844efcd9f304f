using Docent.Feedback;
using Docent.Server.Collections;
using Docent.Server.Security;
using Docent.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Docent.Server.Endpoints;

/// <summary>
/// Thumbs up and down on answers, stored in the collection's feedback file (<see cref="FeedbackLog"/>), counted as the
/// docent.feedback metric and exported as a golden set by `docent feedback export`. Static.
/// </summary>
internal static class FeedbackEndpoints
{
    /// <summary>Longest answer text accepted.</summary>
    public const int MaxAnswerLength = 50_000;

    /// <summary>Longest comment accepted.</summary>
    public const int MaxCommentLength = 2_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/collections/{collection}/feedback", async (string collection, FeedbackBody body, HttpContext context, CollectionRegistry registry, ServerOptions options, CancellationToken ct) =>
        {
            if (body.Rating is not ("up" or "down"))
            {
                return Problems.BadRequest("rating must be \"up\" or \"down\".");
            }

            if (body.Comment is { Length: > MaxCommentLength })
            {
                return Problems.BadRequest($"comment is {body.Comment.Length} characters; at most {MaxCommentLength} are accepted.");
            }

            var folder = await registry.GetAsync(collection, ct);
            if (folder is null)
            {
                return Problems.NoCollection(collection);
            }

            string? question = body.Question;
            string? answer = body.Answer;
            var found = body.Found ?? true;
            if (body.ConversationId is { } id)
            {
                try
                {
                    ConversationStore.ValidateId(id);
                }
                catch (ArgumentException ex)
                {
                    return Problems.BadRequest(ex.Message);
                }

                // The stored turn is the server's word for what was asked and answered; another scope's conversation reads as missing.
                var turns = await folder.Conversations.GetTurnsAsync(id, context.GetAccessScope(), ct);
                var turn = body.Turn is { } ordinal ? turns.FirstOrDefault(t => t.Ordinal == ordinal) : null;
                if (turns.Count == 0 || (body.Turn is not null && turn is null))
                {
                    return Problems.NotFound($"There is no conversation \"{id}\"{(body.Turn is { } n ? $" with turn {n}" : "")} in collection \"{collection}\".");
                }

                if (turn is not null)
                {
                    (question, answer, found) = (turn.Question, turn.Answer, turn.Found);
                }
            }
            else if (body.Turn is not null)
            {
                return Problems.BadRequest("turn needs the conversationId it belongs to.");
            }

            if (string.IsNullOrWhiteSpace(question) || string.IsNullOrWhiteSpace(answer))
            {
                return Problems.BadRequest("question and answer are required (or conversationId and turn, to rate a stored turn).");
            }

            if (question.Length > options.MaxQuestionLength)
            {
                return Problems.BadRequest(RequestLimits.QuestionTooLong("The question", question.Length, options));
            }

            if (answer.Length > MaxAnswerLength)
            {
                return Problems.BadRequest($"answer is {answer.Length} characters; at most {MaxAnswerLength} are accepted.");
            }

            var record = new FeedbackRecord(
                DateTimeOffset.UtcNow, body.Rating == "up", folder.RedactOutput(question), folder.RedactOutput(answer), found,
                body.ConversationId, body.Turn, body.Comment is { } comment ? folder.RedactOutput(comment) : null, context.GetApiCaller().Name);
            await FeedbackLog.AppendAsync(folder.DataDirectory, record, ct);
            return Results.Created((string?)null, new FeedbackReceipt(body.Rating!, body.ConversationId, body.Turn));
        }).WithName("PostFeedback").RequireScope(ApiScope.Read);
    }
}

/// <summary>
/// A reader's verdict on an answer: Rating "up" or "down"; the answer named by ConversationId and Turn (a stored turn), or
/// given as Question, Answer and Found; an optional Comment.
/// </summary>
public sealed record FeedbackBody(
    string? Rating, string? ConversationId = null, int? Turn = null, string? Question = null, string? Answer = null, bool? Found = null, string? Comment = null);
