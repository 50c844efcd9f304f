namespace Docent.Answering;

/// <summary>
/// Counts the tokens a text costs a particular model, for fitting a prompt into the model's context window.
/// A counter that only approximates the model's tokenizer should err towards counting more. Thread-safe.
/// </summary>
public interface ITokenCounter
{
    /// <summary>The tokens <paramref name="text"/> costs (never negative).</summary>
    int CountTokens(string text);
}
