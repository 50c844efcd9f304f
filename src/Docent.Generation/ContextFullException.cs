namespace Docent.Generation;

/// <summary>
/// Thrown when a token would go past the end of a <see cref="LlamaModel"/>'s context (its KV cache is full).
/// Immutable; thread-safe.
/// </summary>
public sealed class ContextFullException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ContextFullException()
        : base("The model's context is full.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ContextFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public ContextFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Says that <paramref name="count"/> tokens from <paramref name="position"/> do not fit in <paramref name="contextLength"/>.</summary>
    public ContextFullException(int contextLength, int position, int count)
        : base($"The context of {contextLength} tokens is full: {count} token(s) from position {position} would end at position {(long)position + count}.")
    {
        ContextLength = contextLength;
    }

    /// <summary>The model's context length in tokens (0 when not given).</summary>
    public int ContextLength { get; }
}
