namespace Docent.Retrieval;

/// <summary>
/// Settings of <see cref="Bm25Index"/>: term-frequency saturation (<see cref="K1"/>), length normalisation
/// (<see cref="B"/>) and the weight of each field. Plain options; call <see cref="Validate"/> before use.
/// Not thread-safe to mutate; the index keeps its own copy, so later changes to an instance do not affect it.
/// </summary>
public sealed class Bm25Options
{
    /// <summary>Term-frequency saturation: 0 ignores repeats; larger values let repeats count longer.</summary>
    public double K1 { get; set; } = 1.2;

    /// <summary>Length normalisation between 0 (none) and 1 (full), applied per field against that field's average length.</summary>
    public double B { get; set; } = 0.6;

    /// <summary>Weight of a term occurrence in the document title.</summary>
    public double TitleWeight { get; set; } = 2.0;

    /// <summary>Weight of a term occurrence in the chunk's heading path.</summary>
    public double HeadingsWeight { get; set; } = 1.5;

    /// <summary>Weight of a term occurrence in the chunk text.</summary>
    public double BodyWeight { get; set; } = 1.0;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (!double.IsFinite(K1) || K1 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(K1), K1, "K1 must be a finite number >= 0.");
        }

        if (!double.IsFinite(B) || B is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(B), B, "B must be between 0 and 1.");
        }

        CheckWeight(TitleWeight, nameof(TitleWeight));
        CheckWeight(HeadingsWeight, nameof(HeadingsWeight));
        CheckWeight(BodyWeight, nameof(BodyWeight));
        if (TitleWeight + HeadingsWeight + BodyWeight <= 0)
        {
            throw new ArgumentException("At least one field weight must be greater than 0.", nameof(BodyWeight));
        }
    }

    internal Bm25Options Clone() => new()
    {
        K1 = K1,
        B = B,
        TitleWeight = TitleWeight,
        HeadingsWeight = HeadingsWeight,
        BodyWeight = BodyWeight,
    };

    internal bool SameAs(Bm25Options other) =>
        K1.Equals(other.K1) && B.Equals(other.B) && TitleWeight.Equals(other.TitleWeight)
        && HeadingsWeight.Equals(other.HeadingsWeight) && BodyWeight.Equals(other.BodyWeight);

    private static void CheckWeight(double weight, string name)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(name, weight, "Field weights must be finite numbers >= 0.");
        }
    }
}
