namespace Docent.Safety;

/// <summary>
/// What <see cref="InjectionDetector"/> found in a passage: a score from 0 (nothing addresses the model) to 1, and the
/// reasons, in words a user understands ("tells the model to ignore its instructions"). Immutable.
/// </summary>
/// <param name="Score">0–1: the strongest signal's weight, raised a little by each further kind of signal.</param>
/// <param name="Reasons">One reason per kind of signal found, strongest first.</param>
public sealed record InjectionFinding(double Score, IReadOnlyList<string> Reasons)
{
    /// <summary>A passage with nothing that addresses the model.</summary>
    public static InjectionFinding None { get; } = new(0, []);

    /// <summary>Whether the passage reaches <see cref="InjectionDetector.FlagThreshold"/>.</summary>
    public bool Flagged => Score >= InjectionDetector.FlagThreshold;
}
