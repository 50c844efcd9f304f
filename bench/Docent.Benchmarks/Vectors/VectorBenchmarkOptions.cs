using Docent.Vectors;

namespace Docent.Benchmarks.Vectors;

/// <summary>Settings of <see cref="VectorIndexBenchmark"/>. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class VectorBenchmarkOptions
{
    /// <summary>Vectors in the data set.</summary>
    public int Count { get; set; } = 100_000;

    /// <summary>Components per vector.</summary>
    public int Dimension { get; set; } = 384;

    /// <summary>Query vectors (drawn from the same mixture, not in the data set).</summary>
    public int Queries { get; set; } = 1000;

    /// <summary>HNSW M.</summary>
    public int M { get; set; } = 16;

    /// <summary>HNSW efConstruction.</summary>
    public int EfConstruction { get; set; } = 200;

    /// <summary>The search breadths (ef) to measure.</summary>
    public IReadOnlyList<int> SearchBreadths { get; set; } = [16, 32, 64, 128];

    /// <summary>How vectors are compared.</summary>
    public VectorMetric Metric { get; set; } = VectorMetric.Cosine;

    /// <summary>The HNSW variants to build and measure.</summary>
    public IReadOnlyList<VectorQuantization> Quantizations { get; set; } = [VectorQuantization.None];

    /// <summary>Threads for building and for the exact ground truth (queries are always timed on one thread).</summary>
    public int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>Seed of the data, the queries and the HNSW levels.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Timed rounds per measurement; the best round counts.</summary>
    public int TimingRounds { get; set; } = 3;

    /// <summary>A timed round lasts at least this long (and one pass over the queries, within three times this).</summary>
    public double MinimumTimedSeconds { get; set; } = 0.3;

    /// <summary>
    /// When set, the generated data is also written there as raw little-endian arrays, to measure other libraries
    /// on the same vectors: vectors.f32 (count × dimension), queries.f32, keys.i64 and truth.i64 (the exact top 10
    /// keys of each query).
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>When set, the float32 HNSW index is saved there after it is built (for a later query-only run, <see cref="VectorQueryBenchmark"/>).</summary>
    public string? IndexPath { get; set; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 10, nameof(Count));
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimension, 1, nameof(Dimension));
        ArgumentOutOfRangeException.ThrowIfLessThan(Queries, 1, nameof(Queries));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumTimedSeconds, nameof(MinimumTimedSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(TimingRounds, 1, nameof(TimingRounds));
        if ((long)Count * Dimension > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(Count), Count, $"Count × dimension must stay below {Array.MaxLength}.");
        }

        if (SearchBreadths is null || SearchBreadths.Count == 0 || SearchBreadths.Any(ef => ef is < 1 or > 100_000))
        {
            throw new ArgumentOutOfRangeException(nameof(SearchBreadths), "Give at least one search breadth between 1 and 100000.");
        }

        if (Quantizations is null || Quantizations.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Quantizations), "Give at least one quantization.");
        }

        if (IndexPath is not null && !Quantizations.Contains(VectorQuantization.None))
        {
            throw new ArgumentException("Saving the index needs a float32 index: use quantization none or both.", nameof(IndexPath));
        }

        new HnswOptions { M = M, EfConstruction = EfConstruction }.Validate();
    }
}
