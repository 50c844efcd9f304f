namespace Docent.Answering;

/// <summary>The tokens a language model reports for writing one answer (its prompt with the sources, and its reply). Immutable.</summary>
/// <param name="InputTokens">Tokens the model read.</param>
/// <param name="OutputTokens">Tokens the model wrote.</param>
public sealed record AnswerUsage(long InputTokens, long OutputTokens);
