using Docent.Retrieval;

namespace Docent.Hosting;

/// <summary>
/// How questions are retrieved: lexical, vector or hybrid, and how hybrid rankings are fused. Plain options
/// bound from configuration; call <see cref="Validate"/> before use.
/// </summary>
public sealed class RetrievalSettings
{
    /// <summary>The mode; null picks hybrid when an embedding model is configured, else lexical.</summary>
    public RetrievalMode? Mode { get; set; }

    /// <summary>How hybrid retrieval merges its two rankings.</summary>
    public FusionMethod Fusion { get; set; } = FusionMethod.MinMax;

    /// <summary>Min-max fusion: the weight of the vector score (the lexical score gets 1 − this).</summary>
    public double VectorWeight { get; set; } = 0.5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (double.IsNaN(VectorWeight) || VectorWeight is < 0 or > 1)
        {
            throw new ArgumentException($"retrieval.vectorWeight is {VectorWeight}; it must be between 0 and 1.");
        }
    }
}
