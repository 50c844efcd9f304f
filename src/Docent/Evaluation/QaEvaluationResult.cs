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
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyList<QaQuestionOutcome> PerQuestion);

/// <summary>What happened to one question: the answer given and how it scored. Immutable.</summary>
/// <param name="Id">The SQuAD question id.</param>
/// <param name="Question">The question text.</param>
/// <param name="Answers">The gold answers.</param>
/// <param name="Answer">Docent's answer text.</param>
/// <param name="Found">Whether Docent answered.</param>
/// <param name="GoldRank">1-based rank of the gold paragraph among the retrieved documents, or null when not retrieved.</param>
/// <param name="Contains">Whether a gold answer appears in the answer.</param>
/// <param name="F1">SQuAD F1 of the answer.</param>
public sealed record QaQuestionOutcome(
    string Id, string Question, IReadOnlyList<string> Answers, string Answer, bool Found, int? GoldRank, bool Contains, double F1);
