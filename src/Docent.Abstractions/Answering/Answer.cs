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

    /// <summary>The model that wrote the answer, or null for an extractive answer.</summary>
    public string? Model { get; init; }

    /// <summary>The fixed wording when the documents do not answer the question.</summary>
    public const string NotFoundText = "I could not find this in the documents.";
}
