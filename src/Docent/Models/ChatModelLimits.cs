using Docent.Answering;

namespace Docent.Models;

/// <summary>
/// What an in-process chat model tells the engine about itself through <c>IChatClient.GetService</c>: the context its
/// file fixes (the prompt budget must not assume a larger one) and a counter of its own tokens. Immutable.
/// </summary>
/// <param name="ContextLength">Tokens the model's context holds, prompt and answer together.</param>
/// <param name="TokenCounter">Counts tokens with the model's own tokenizer.</param>
public sealed record ChatModelLimits(int ContextLength, ITokenCounter TokenCounter);
