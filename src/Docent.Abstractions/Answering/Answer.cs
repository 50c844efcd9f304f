using Docent.Retrieval;

namespace Docent.Answering;

/// <summary>
/// An answer to a question. When <see cref="Found"/> is false, <see cref="Text"/> says the documents do not
/// hold the answer and <see cref="ClosestPassages"/> lists the nearest chunks. Immutable.
/// </summary>
/// <param name="Question">The question asked.</param>
/// <param name="Text">The answer, each sentence followed by its "[n]" markers.</param>
/// <param name="Found">Whether the documents support an answer.</param>
/// <param name="Citations">The sources behind the markers, by index.</param>
/// <param name="ClosestPassages">When nothing was found: the closest chunks, best first.</param>
public sealed record Answer(
    string Question,
    string Text,
    bool Found,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<RetrievedChunk> ClosestPassages)
{
    /// <summary>Sentences the run-time grounding check could not support (empty for extractive answers, which quote verbatim).</summary>
    public IReadOnlyList<UnsupportedSentence> Unsupported { get; init; } = [];

    /// <summary>
    /// Cautions the reader must see with the answer, such as a quoted source that contains text addressed to AI models (a
    /// possible planted instruction); empty when there are none. The answer's text begins with them too.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The tokens the model reports for this answer; null for an extractive answer or a model that reports none.</summary>
    public AnswerUsage? Usage { get; init; }

    /// <summary>Whether the model stopped at its output-token limit (<see cref="AnswerOptions.MaxOutputTokens"/>) rather than finishing.</summary>
    public bool Truncated { get; init; }

    /// <summary>The model that wrote the answer, or null for an extractive answer.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// How likely the answer is right, in [0, 1], from retrieval and sentence evidence; below
    /// <see cref="AnswerOptions.MinConfidence"/> the answer is refused. Set on a refusal too (0 when nothing could be
    /// quoted at all); null when the generator does not estimate it.
    /// </summary>
    public double? Confidence { get; init; }

    /// <summary>The inputs <see cref="Confidence"/> was computed from, by name (for evaluation and refitting); null when none.</summary>
    public IReadOnlyDictionary<string, double>? ConfidenceEvidence { get; init; }

    /// <summary>The fixed wording when the documents do not answer the question.</summary>
    public const string NotFoundText = "I could not find this in the documents.";
}
