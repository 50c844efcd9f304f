namespace Docent.Answering.Generative;

/// <summary>
/// Settings of <see cref="LlmAnswerGenerator"/> for one model. The prompt (templates and as many sources,
/// best first, as fit) is kept within <see cref="ContextWindowTokens"/> − <see cref="MaxOutputTokens"/>.
/// Plain options; the generator copies them (and calls <see cref="Validate"/>) when it is built. Not
/// thread-safe while mutated.
/// </summary>
public sealed class LlmAnswerOptions
{
    /// <summary>The model's context window in tokens (prompt and answer together).</summary>
    public int ContextWindowTokens { get; set; } = 8192;

    /// <summary>The most tokens the answer may take; reserved out of the context window.</summary>
    public int MaxOutputTokens { get; set; } = 512;

    /// <summary>Sampling temperature; 0 for the most repeatable answers.</summary>
    public float Temperature { get; set; }

    /// <summary>Most sources put in the prompt (fewer when the budget runs out first).</summary>
    public int MaxSources { get; set; } = 8;

    /// <summary>The model to ask for (<c>ChatOptions.ModelId</c>), or null for the chat client's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (ContextWindowTokens is < 512 or > 10_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(ContextWindowTokens), ContextWindowTokens, "ContextWindowTokens must be between 512 and 10,000,000.");
        }

        if (MaxOutputTokens < 16 || MaxOutputTokens > ContextWindowTokens / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), MaxOutputTokens, "MaxOutputTokens must be between 16 and half of ContextWindowTokens.");
        }

        if (float.IsNaN(Temperature) || Temperature is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be between 0 and 2.");
        }

        if (MaxSources is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSources), MaxSources, "MaxSources must be between 1 and 100.");
        }

        if (ModelId is not null && string.IsNullOrWhiteSpace(ModelId))
        {
            throw new ArgumentException("ModelId must be null or a name.", nameof(ModelId));
        }
    }
}
