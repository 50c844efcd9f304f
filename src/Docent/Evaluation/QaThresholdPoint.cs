namespace Docent.Evaluation;

/// <summary>
/// One point of the answer-or-refuse curve: at confidence threshold <paramref name="Threshold"/>, the share of
/// answerable questions answered correctly and the share of unanswerable questions refused (null when the set has none
/// of that kind). Immutable.
/// </summary>
public sealed record QaThresholdPoint(double Threshold, double? AnsweredCorrectly, double? RefusedCorrectly);
