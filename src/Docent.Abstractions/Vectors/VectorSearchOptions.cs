namespace Docent.Vectors;

/// <summary>Per-query settings of a vector search. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class VectorSearchOptions
{
    /// <summary>How many keys to return (0 returns none).</summary>
    public int Top { get; set; } = 10;

    /// <summary>
    /// Size of the candidate list an approximate index explores (HNSW "ef"); null uses the index's default.
    /// Exact indexes ignore it.
    /// </summary>
    public int? SearchBreadth { get; set; }

    /// <summary>Only keys this predicate accepts are returned (for example: chunks of some documents); null accepts all.</summary>
    public Func<long, bool>? Filter { get; set; }

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Top < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must not be negative.");
        }

        if (SearchBreadth is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(SearchBreadth), SearchBreadth, "SearchBreadth must be between 1 and 100000.");
        }
    }
}
