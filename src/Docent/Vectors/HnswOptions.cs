namespace Docent.Vectors;

/// <summary>
/// Settings of an <see cref="HnswVectorIndex"/> (Malkov &amp; Yashunin's names in brackets). Plain options; call
/// <see cref="Validate"/> before use. The index copies them; later changes do not affect it.
/// </summary>
public sealed class HnswOptions
{
    /// <summary>
    /// Default of <see cref="SearchBreadth"/>, chosen by measurement (docs/benchmarks.md, `docent bench vectors`):
    /// on clustered data with M = 16 it is the smallest of the breadths tried that reaches recall@10 ≥ 0.99 at
    /// both 20k × 128 and 100k × 384, leaving margin for real embeddings that are harder than the synthetic ones.
    /// </summary>
    public const int DefaultSearchBreadth = 32;

    /// <summary>Neighbours chosen per node on insertion and the cap of upper-level lists [M]; level 0 keeps up to twice as many [Mmax0 = 2M].</summary>
    public int M { get; set; } = 16;

    /// <summary>Candidate list size while inserting [efConstruction].</summary>
    public int EfConstruction { get; set; } = 200;

    /// <summary>Candidate list size of a search when the query does not set one [ef].</summary>
    public int SearchBreadth { get; set; } = DefaultSearchBreadth;

    /// <summary>How the vectors that graph traversal compares are stored.</summary>
    public VectorQuantization Quantization { get; set; } = VectorQuantization.None;

    /// <summary>Seed of the level draws: one build thread and the same inserts give the same graph.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (M is < 2 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(M), M, "M must be between 2 and 256.");
        }

        if (EfConstruction is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(EfConstruction), EfConstruction, "EfConstruction must be between 1 and 100000.");
        }

        if (SearchBreadth is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(SearchBreadth), SearchBreadth, "SearchBreadth must be between 1 and 100000.");
        }

        if (!Enum.IsDefined(Quantization))
        {
            throw new ArgumentOutOfRangeException(nameof(Quantization), Quantization, "Unknown quantization.");
        }
    }

    /// <summary>A copy.</summary>
    public HnswOptions Clone() => (HnswOptions)MemberwiseClone();
}
