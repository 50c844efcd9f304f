namespace Docent.Answering;

/// <summary>The grounding check of one answer: a verdict per sentence, in answer order. Immutable.</summary>
/// <param name="Answer">The answer text that was checked.</param>
/// <param name="SourceCount">How many sources it could cite.</param>
/// <param name="Sentences">One verdict per sentence.</param>
public sealed record GroundingReport(string Answer, int SourceCount, IReadOnlyList<SentenceVerdict> Sentences)
{
    /// <summary>Whether every sentence is supported.</summary>
    public bool AllSupported => Sentences.All(s => s.Supported);
}
