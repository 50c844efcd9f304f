namespace Docent.Chunking;

/// <summary>Token budget of the chunker. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class ChunkerOptions
{
    /// <summary>Chunks are packed up to this many tokens (a single longer sentence becomes its own chunk).</summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>A chunk smaller than this is merged with its successor within the same section when it fits.</summary>
    public int MinTokens { get; set; } = 64;

    /// <summary>Throws when the options are inconsistent.</summary>
    public void Validate()
    {
        if (MaxTokens < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must be at least 16.");
        }

        if (MinTokens < 0 || MinTokens > MaxTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(MinTokens), MinTokens, "MinTokens must be between 0 and MaxTokens.");
        }
    }
}
