namespace Docent.Retrieval;

/// <summary>Per-call settings of a reranker. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class RerankOptions
{
    /// <summary>How many of the candidates to keep.</summary>
    public int Top { get; set; } = 10;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Top < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be at least 1.");
        }
    }
}
