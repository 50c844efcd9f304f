namespace Docent.Answering.Extractive;

/// <summary>
/// One confidence per extractive answer: a logistic model over <see cref="AnswerConfidenceFeatures"/> whose weights
/// were fitted on development data (SQuAD 2.0 dev half and ClapNQ dev) — one set for words alone, one for answers with
/// an embedding model (which also reads the sentence similarities) — and the default threshold of each, below which an
/// answer is refused, chosen from the answered/refused curves `docent eval qa` reports. To refit (after the sentence
/// choice changes, say): run both evaluations in the configuration with --details, then
/// tools/fit-confidence/fit-confidence.py on the two files; it prints the constants below. Static; thread-safe.
/// </summary>
public static class AnswerConfidence
{
    /// <summary>
    /// The default <see cref="AnswerOptions.MinConfidence"/> with words alone (no embedding model): chosen on the dev sets
    /// (docs/benchmarks.md, "Answer or refuse").
    /// </summary>
    public const double DefaultThreshold = 0.24;

    /// <summary>
    /// The default <see cref="AnswerOptions.MinConfidence"/> with an embedding model (the default install), chosen on the
    /// dev sets' curves for that configuration by one rule: the highest threshold at which every dev set still answers
    /// at least 0.75 of its answerable questions correctly (the floor) — SQuAD v1.1 dev 1–2,000 binds (contains
    /// 0.751 at 0.14, 0.723 at 0.20) — so it refuses as much as that floor allows (docs/benchmarks.md, "Answer or refuse
    /// with meaning").
    /// </summary>
    public const double MeaningDefaultThreshold = 0.14;

    /// <summary>The default threshold for an answerer with (<paramref name="withMeaning"/>) or without an embedding model.</summary>
    public static double DefaultThresholdFor(bool withMeaning) => withMeaning ? MeaningDefaultThreshold : DefaultThreshold;

    /// <summary>The words-only model's input names, in weight order (also the keys of <see cref="Answer.ConfidenceEvidence"/>).</summary>
    public static IReadOnlyList<string> InputNames { get; } =
    [
        "coverage", "ownCoverage", "contextCoverage", "passageCoverage", "missingFromPassage", "cueMatch", "proximity", "passageRank",
        "passageScoreShare", "retrievalMargin", "sentenceMargin", "singleTerm", "fewTerms",
    ];

    /// <summary>The input names of the model used with an embedding model: the words-only ones, then the two similarities.</summary>
    public static IReadOnlyList<string> MeaningInputNames { get; } = [.. InputNames, "similarity", "contextSimilarity"];

    // Fitted, not guessed: `docent eval qa --squad ../shared/data/squad2-dev-half/dev-v2.0.json --details squad2.jsonl` and
    // `docent eval qa --clapnq ../shared/data/clapnq-dev/annotated_data/dev --details clapnq.jsonl` (the details hold each
    // unthresholded answer's inputs and whether it is right), then
    // `python3 tools/fit-confidence/fit-confidence.py squad2.jsonl clapnq.jsonl` (logistic regression, both sets weighted
    // equally). Intercept first, then one weight per input name. The threshold: chosen from the printed curves where both
    // sets beat the pre-issue-14 baseline on answered-correctly and refused-correctly at once (docs/benchmarks.md).
    private const double Intercept = -8.3075;

    private static readonly double[] Weights = [4.3025, 0.1271, -0.3741, -2.0030, -0.0955, 0.1581, -0.0247, -0.6318, 6.9029, 1.9018, -2.0503, -1.1351, -0.6387];

    // With an embedding model (the default install: hybrid retrieval and sentence similarities from all-MiniLM-L6-v2),
    // fitted the same way on that configuration's details files (both runs with no options; 2026-12-05).
    private const double MeaningIntercept = -11.8304;

    private static readonly double[] MeaningWeights = [2.3973, -1.3756, 0.3964, -0.2705, 0.0075, 0.0663, 0.1511, 0.2506, 6.4753, 1.9347, -0.9223, -0.3073, -0.0477, 4.1062, 2.1423];

    /// <summary>
    /// The model's inputs for <paramref name="features"/>, in <see cref="InputNames"/> order, or
    /// <see cref="MeaningInputNames"/> order when the features carry similarities.
    /// </summary>
    public static double[] Inputs(AnswerConfidenceFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        double[] words =
        [
            Clamp(features.Coverage),
            Clamp(features.OwnCoverage),
            Clamp(features.ContextCoverage),
            Clamp(features.PassageCoverage),
            Clamp(features.MissingFromPassage),
            Clamp(features.CueMatch),
            Clamp(features.Proximity),
            1 - (1.0 / (1 + features.PassageRank)),
            Clamp(features.PassageScoreShare),
            Clamp(features.RetrievalMargin),
            Clamp(features.SentenceMargin),
            features.QuestionTerms <= 1 ? 1 : 0,
            features.QuestionTerms == 2 ? 1 : 0,
        ];
        return features.Similarity is { } similarity
            ? [.. words, Clamp(similarity), Clamp(features.ContextSimilarity ?? similarity)]
            : words;
    }

    /// <summary>The inputs by name, for <see cref="Answer.ConfidenceEvidence"/>.</summary>
    public static IReadOnlyDictionary<string, double> Evidence(AnswerConfidenceFeatures features)
    {
        var inputs = Inputs(features);
        var names = inputs.Length == InputNames.Count ? InputNames : MeaningInputNames;
        var evidence = new Dictionary<string, double>(inputs.Length, StringComparer.Ordinal);
        for (var i = 0; i < inputs.Length; i++)
        {
            evidence[names[i]] = Math.Round(inputs[i], 6);
        }

        return evidence;
    }

    /// <summary>The confidence, in (0, 1), that an answer with this evidence is right.</summary>
    public static double Compute(AnswerConfidenceFeatures features)
    {
        var inputs = Inputs(features);
        var (intercept, weights) = inputs.Length == InputNames.Count ? (Intercept, Weights) : (MeaningIntercept, MeaningWeights);
        var z = intercept;
        for (var i = 0; i < inputs.Length; i++)
        {
            z += weights[i] * inputs[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    private static double Clamp(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
}
