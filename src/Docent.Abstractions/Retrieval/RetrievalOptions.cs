namespace Docent.Retrieval;

/// <summary>Per-query retrieval settings. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class RetrievalOptions
{
    /// <summary>How many chunks to return.</summary>
    public int Top { get; set; } = 10;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Top is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be between 1 and 10000.");
        }
    }
}
