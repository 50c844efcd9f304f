namespace Docent.Evaluation;

/// <summary>
/// The outcome of a QA evaluation: retrieval hit rates, answer scores (contains, SQuAD EM and F1),
/// latency percentiles and per-question F1. Immutable.
/// </summary>
public sealed record QaEvaluationResult(
    int Questions,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> LatencyMs,
    IReadOnlyList<double> PerQuestionF1,
    IReadOnlyDictionary<string, string> Config);
