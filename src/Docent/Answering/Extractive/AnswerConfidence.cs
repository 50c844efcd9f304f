namespace Docent.Answering.Extractive;

/// <summary>
/// One confidence per extractive answer: a logistic model over <see cref="AnswerConfidenceFeatures"/> whose weights
/// were fitted on development data (SQuAD 2.0 dev half and ClapNQ dev), and the default threshold below which an
/// answer is refused, chosen from the answered/refused curves `docent eval qa` reports. To refit (after the sentence
/// choice changes, say): run both evaluations at threshold 0 with --details, then tools/fit-confidence.py on the two
/// files; it prints the constants below. Static; thread-safe.
/// </summary>
public static class AnswerConfidence
{
    /// <summary>The default <see cref="AnswerOptions.MinConfidence"/>: chosen on the dev sets (docs/benchmarks.md, "Answer or refuse").</summary>
    public const double DefaultThreshold = 0.21;

    /// <summary>The model's input names, in weight order (also the keys of <see cref="Answer.ConfidenceEvidence"/>).</summary>
    public static IReadOnlyList<string> InputNames { get; } =
    [
        "coverage", "ownCoverage", "contextCoverage", "passageCoverage", "missingFromPassage", "cueMatch", "proximity", "passageRank",
        "passageScoreShare", "retrievalMargin", "sentenceMargin", "singleTerm", "fewTerms",
    ];

    // Fitted, not guessed: `docent eval qa --squad ../shared/data/squad2-dev-half/dev-v2.0.json --details squad2.jsonl` and
    // `docent eval qa --clapnq ../shared/data/clapnq-dev/annotated_data/dev --details clapnq.jsonl` (the details hold each
    // unthresholded answer's inputs and whether it is right), then
    // `python3 tools/fit-confidence/fit-confidence.py squad2.jsonl clapnq.jsonl` (logistic regression, both sets weighted
    // equally). Intercept first, then one weight per input name. The threshold: chosen from the printed curves where both
    // sets beat the pre-issue-14 baseline on answered-correctly and refused-correctly at once (docs/benchmarks.md).
    private const double Intercept = -9.2502;

    private static readonly double[] Weights = [4.3260, 0.3081, 0.0516, -1.7427, 0.4245, 0.1268, -0.0106, -0.5362, 6.9783, 1.8785, -1.9211, -1.2182, -0.6474];

    /// <summary>The model's inputs for <paramref name="features"/>, in <see cref="InputNames"/> order.</summary>
    public static double[] Inputs(AnswerConfidenceFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return
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
    }

    /// <summary>The inputs by name, for <see cref="Answer.ConfidenceEvidence"/>.</summary>
    public static IReadOnlyDictionary<string, double> Evidence(AnswerConfidenceFeatures features)
    {
        var inputs = Inputs(features);
        var evidence = new Dictionary<string, double>(inputs.Length, StringComparer.Ordinal);
        for (var i = 0; i < inputs.Length; i++)
        {
            evidence[InputNames[i]] = Math.Round(inputs[i], 6);
        }

        return evidence;
    }

    /// <summary>The confidence, in (0, 1), that an answer with this evidence is right.</summary>
    public static double Compute(AnswerConfidenceFeatures features)
    {
        var inputs = Inputs(features);
        var z = Intercept;
        for (var i = 0; i < inputs.Length; i++)
        {
            z += Weights[i] * inputs[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    private static double Clamp(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
}
