using Docent.Answering;

namespace Docent.Asking;

/// <summary>A step of a streamed question: the standalone query, a piece of the model's text, or the final result. Immutable.</summary>
/// <param name="StandaloneQuestion">Set first, once the question is condensed.</param>
/// <param name="Delta">A piece of the answer as the model writes it (before checking).</param>
/// <param name="Result">Set last: the checked answer.</param>
public sealed record AskUpdate(string? StandaloneQuestion = null, string? Delta = null, AskResult? Result = null);
