using System.ComponentModel;
using Docent.Server.Collections;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Docent.Server.Mcp;

/// <summary>
/// The MCP prompts a Docent server offers: "ask_the_documents", a user message that has the model answer a question from a
/// collection's documents only, through the <c>ask</c> and <c>search</c> tools, citing its sources. Created per call; stateless.
/// </summary>
[McpServerPromptType]
public sealed class DocentPrompts(CollectionRegistry registry, ServerOptions options, IHttpContextAccessor http)
{
    /// <summary>The prompt's name.</summary>
    public const string AskTheDocuments = "ask_the_documents";

    /// <summary>A question to answer from a collection's documents, with citations.</summary>
    [McpServerPrompt(Name = AskTheDocuments, Title = "Ask the documents")]
    [Description("Answer a question from the documents of a Docent collection only, with citations, using the ask and search tools.")]
    public async Task<GetPromptResult> AskTheDocumentsAsync(
        [Description("The question, in full.")] string question,
        [Description("The collection to ask; \"default\" when left out.")] string collection = "default",
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new McpException("question is required.");
        }

        if (question.Length > options.MaxQuestionLength)
        {
            throw new McpException(Endpoints.RequestLimits.QuestionTooLong("The question", question.Length, options));
        }

        // The collection must exist and be one the caller may read, as for the tools the prompt sends the model to.
        var name = McpCaller.NameOf(collection);
        await new McpCaller(registry, http.HttpContext).OpenAsync(name, cancellationToken).ConfigureAwait(false);
        var text = $"""
            Answer this question from the documents of the Docent collection "{name}", and from nothing else:

            {question.Trim()}

            Call the `ask` tool with collection "{name}" for an answer with citations; call `search` (same collection) to read more passages when the answer needs them. Base every statement on a passage the tools returned and name its source (title, and page where there is one). If the documents do not hold the answer, say so instead of answering from general knowledge. Pass on any warnings the tools return.
            """;
        return new GetPromptResult
        {
            Description = $"Ask the documents of collection {name}",
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        };
    }
}
