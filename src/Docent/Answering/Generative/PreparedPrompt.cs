using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Answering.Generative;

/// <summary>Everything one call of <see cref="LlmAnswerGenerator"/> sends and needs back. Not shared between calls.</summary>
/// <param name="Question">The question asked.</param>
/// <param name="Context">The retrieved chunks as given.</param>
/// <param name="Options">The per-call answer options.</param>
/// <param name="Messages">The chat messages.</param>
/// <param name="ChatOptions">Temperature, output limit and model.</param>
/// <param name="Sources">The sources in the prompt, numbered from 1.</param>
/// <param name="PromptTokens">The prompt's counted size.</param>
internal sealed record PreparedPrompt(
    string Question,
    IReadOnlyList<RetrievedChunk> Context,
    AnswerOptions Options,
    List<ChatMessage> Messages,
    ChatOptions ChatOptions,
    List<PackedSource> Sources,
    int PromptTokens);
