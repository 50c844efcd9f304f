using Docent.Answering;

namespace Docent.Generation;

/// <summary>
/// Counts tokens with a local model's own tokenizer, so prompts are fitted to its context in its units (a small
/// vocabulary such as stories260K's spends several times more tokens than tiktoken on the same text). Thread-safe.
/// </summary>
public sealed class GenerationTokenCounter(IGenerationTokenizer tokenizer) : ITokenCounter
{
    private readonly IGenerationTokenizer _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));

    /// <inheritdoc />
    public int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.Encode(text, addBos: false, parseSpecial: false).Count;
}
