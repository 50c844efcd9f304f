namespace Docent.Answering.Extractive;

/// <summary>
/// Settings of <see cref="ExtractiveAnswerGenerator"/> that do not vary per question. Plain options; the
/// generator copies them (and calls <see cref="Validate"/>) when it is built. Not thread-safe while mutated.
/// </summary>
public sealed class ExtractiveAnswerOptions
{
    /// <summary>How many context chunks (best first) are searched for answer sentences.</summary>
    public int MaxContextChunks { get; set; } = 8;

    /// <summary>
    /// The least share of the question's weighted content terms (idf mass) a sentence must hold to be the answer;
    /// when none does, the answer is "not found" (confidence 0). 0.3, chosen with <see cref="MinConfidence"/> from the
    /// dev-set curves (docs/benchmarks.md); above it the confidence decides.
    /// </summary>
    public double MinCoverage { get; set; } = 0.3;

    /// <summary>
    /// The least confidence (<see cref="AnswerConfidence"/>) an answer must have unless the question's
    /// <see cref="AnswerOptions.MinConfidence"/> says otherwise; below it the answer is "not found". Null: the threshold
    /// chosen for the answerer's model (<see cref="AnswerConfidence.DefaultThresholdFor"/>: with or without embeddings).
    /// </summary>
    public double? MinConfidence { get; set; }

    /// <summary>
    /// Whether the embedding model understands a language (ISO 639-1, or null when the passages' language is unknown):
    /// passages in a language it does not understand are answered from their words alone. Null: every language.
    /// </summary>
    public Func<string?, bool>? EmbeddingUnderstands { get; set; }

    /// <summary>How many closest passages a "not found" answer lists.</summary>
    public int ClosestPassages { get; set; } = 3;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (MaxContextChunks is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxContextChunks), MaxContextChunks, "MaxContextChunks must be between 1 and 100.");
        }

        if (double.IsNaN(MinCoverage) || MinCoverage is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinCoverage), MinCoverage, "MinCoverage must be in (0, 1].");
        }

        if (MinConfidence is { } min && (double.IsNaN(min) || min is < 0 or > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), MinConfidence, "MinConfidence must be between 0 and 1.");
        }

        if (ClosestPassages is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(ClosestPassages), ClosestPassages, "ClosestPassages must be between 0 and 20.");
        }
    }
}
