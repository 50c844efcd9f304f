namespace Docent.Evaluation;

/// <summary>
/// The outcome of a QA evaluation: retrieval hit rates, answer scores (contains, SQuAD EM and F1; with
/// unanswerable questions also answered-correctly, refused-correctly and the HasAns/NoAns split; ClapNQ's
/// gold-sentence citation precision and recall), latency percentiles and per-question F1. Immutable.
/// </summary>
public sealed record QaEvaluationResult(
    int Questions,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> LatencyMs,
    IReadOnlyList<double> PerQuestionF1,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyList<QaQuestionOutcome> PerQuestion)
{
    /// <summary>The confidence threshold the answers were scored at (the folder's <c>minConfidence</c>), or null.</summary>
    public double? Threshold { get; init; }

    /// <summary>answered-correctly and refused-correctly over thresholds 0–1 (<see cref="QaEvaluator.Sweep"/>), or null.</summary>
    public IReadOnlyList<QaThresholdPoint>? Sweep { get; init; }

    /// <summary>How many questions have an answer in the documents.</summary>
    public int Answerable => PerQuestion.Count(o => !o.Unanswerable);

    /// <summary>How many questions the documents cannot answer (the right outcome is a refusal).</summary>
    public int Unanswerable => PerQuestion.Count(o => o.Unanswerable);
}

/// <summary>What happened to one question: the answer given and how it scored. Immutable.</summary>
/// <param name="Id">The question id.</param>
/// <param name="Question">The question text.</param>
/// <param name="Answers">The gold answers (SQuAD spans, ClapNQ gold sentences, golden-set phrases; empty when unanswerable).</param>
/// <param name="Answer">Docent's answer text.</param>
/// <param name="Found">Whether Docent answered.</param>
/// <param name="GoldRank">1-based rank of the gold paragraph among the retrieved documents, or null when not retrieved (or unknown).</param>
/// <param name="Contains">Whether a gold answer appears in the answer.</param>
/// <param name="F1">SQuAD F1 of the answer (for an unanswerable question: 1 when refused).</param>
public sealed record QaQuestionOutcome(
    string Id, string Question, IReadOnlyList<string> Answers, string Answer, bool Found, int? GoldRank, bool Contains, double F1)
{
    /// <summary>Whether the documents cannot answer the question.</summary>
    public bool Unanswerable { get; init; }

    /// <summary>Whether the outcome is right: an answerable question answered correctly, or an unanswerable one refused.</summary>
    public bool Correct { get; init; }

    /// <summary>ClapNQ: the share of the answer's distinct quotes that cover a gold sentence (null when there are none or for other sets).</summary>
    public double? CitationPrecision { get; init; }

    /// <summary>ClapNQ: the share of gold sentences some quote covers (null for unanswerable questions and other sets).</summary>
    public double? CitationRecall { get; init; }

    /// <summary>The quotes the answer cites, in marker order.</summary>
    public IReadOnlyList<string> Quotes { get; init; } = [];

    /// <summary>SQuAD exact match of the answer (for an unanswerable question: 1 when refused); 0 for other sets.</summary>
    public double ExactMatch { get; init; }

    /// <summary>The confidence of the answer the generator would give with no threshold (0 when nothing could be quoted), or null when it estimates none.</summary>
    public double? Confidence { get; init; }

    /// <summary>Whether an answer could be given at all (with no confidence threshold).</summary>
    public bool CouldAnswer { get; init; }

    /// <summary>Whether that unthresholded answer is right for an answerable question (always false for an unanswerable one).</summary>
    public bool CorrectIfAnswered { get; init; }

    /// <summary>The inputs of <see cref="Confidence"/> by name, for refitting the confidence model; null when none.</summary>
    public IReadOnlyDictionary<string, double>? ConfidenceEvidence { get; init; }
}
