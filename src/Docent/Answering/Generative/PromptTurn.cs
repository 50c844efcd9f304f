using Microsoft.Extensions.AI;

namespace Docent.Answering.Generative;

/// <summary>One few-shot turn of a prompt: who speaks, and the template text (placeholders allowed). Immutable.</summary>
/// <param name="Role">System, user or assistant.</param>
/// <param name="Text">The turn's template text.</param>
public sealed record PromptTurn(ChatRole Role, string Text);
