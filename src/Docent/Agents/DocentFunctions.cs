using System.ComponentModel;
using Docent.Asking;
using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Agents;

/// <summary>
/// A collection's search and ask as <see cref="AIFunction"/>s for an agent's tools (<c>ChatOptions.Tools</c>, with
/// <c>UseFunctionInvocation()</c>): <c>search_documents</c> returns ranked passages (<see cref="DocumentPassage"/>), <c>ask_documents</c> a
/// cited answer (<see cref="DocumentAnswer"/>). Static; the functions are thread-safe.
/// </summary>
public static class DocentFunctions
{
    /// <summary>The search function's name.</summary>
    public const string SearchName = "search_documents";

    /// <summary>The ask function's name.</summary>
    public const string AskName = "ask_documents";

    /// <summary>The two functions over the retriever and ask pipeline the delegates give (opened on first call).</summary>
    public static IReadOnlyList<AIFunction> Create(
        Func<CancellationToken, Task<IRetriever>> retriever, Func<CancellationToken, Task<IAskPipeline>> pipeline, DocentFunctionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(pipeline);
        options ??= new DocentFunctionOptions();
        var searchTop = options.SearchTop;
        var answerTop = options.AnswerTop;
        var search = AIFunctionFactory.Create(
            async ([Description("What to look for: keywords or a question.")] string query,
                   [Description("How many passages to return, 1 to 50.")] int? top,
                   CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(query))
                {
                    throw new ArgumentException("query is required: say what to look for.", nameof(query));
                }

                var count = top ?? searchTop;
                if (count is < 1 or > 50)
                {
                    throw new ArgumentException("top must be between 1 and 50.", nameof(top));
                }

                var hits = await (await retriever(cancellationToken).ConfigureAwait(false))
                    .RetrieveAsync(query, new RetrievalOptions { Top = count }, cancellationToken).ConfigureAwait(false);
                return hits.Select(h => new DocumentPassage(
                    h.Rank, h.Document.ShownSource, h.Document.Title, h.Chunk.Page, string.Join(" > ", h.Chunk.HeadingPath), h.Chunk.Text, h.Score)).ToList();
            },
            SearchName,
            $"Searches the documents of the Docent collection \"{options.Collection}\" and returns the best-matching passages (source, title, page, headings, text, score), best first.");
        var ask = AIFunctionFactory.Create(
            async ([Description("The question, standing on its own (no pronouns that need earlier messages).")] string question,
                   CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(question))
                {
                    throw new ArgumentException("question is required: say what to ask the documents.", nameof(question));
                }

                var result = await (await pipeline(cancellationToken).ConfigureAwait(false))
                    .AskAsync(question, new AskRequest { Top = answerTop, CallerName = "library:function" }, cancellationToken).ConfigureAwait(false);
                var answer = result.Answer;
                return new DocumentAnswer(
                    answer.Text, answer.Found,
                    [.. answer.Citations.Select(c => new DocumentCitation(c.Index, c.ShownSource ?? Path.GetFileName(c.Source), c.Title, c.Page, c.Quote))]);
            },
            AskName,
            $"Answers a question from the documents of the Docent collection \"{options.Collection}\" with numbered citations ([n]) of the sentences that support it, or says the documents do not hold the answer.");
        return [search, ask];
    }
}
