namespace Docent.Answering;

/// <summary>
/// An answer sentence the grounding check could not support from the passages it cites. Immutable.
/// </summary>
/// <param name="Sentence">The sentence as written in the answer (citation markers included).</param>
/// <param name="Reason">Why it is unsupported, in words a user can act on.</param>
public sealed record UnsupportedSentence(string Sentence, string Reason)
{
    /// <summary>Whether the sentence was removed from the answer text (<see cref="AnswerOptions.DropUnsupported"/>).</summary>
    public bool Dropped { get; init; }
}
