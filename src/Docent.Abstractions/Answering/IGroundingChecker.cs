namespace Docent.Answering;

/// <summary>
/// Checks each sentence of a generated answer against the numbered sources it cites ("[n]" markers). Works on
/// any text, with or without a language model behind it. Thread-safe.
/// </summary>
public interface IGroundingChecker
{
    /// <summary>
    /// Checks <paramref name="answer"/> against <paramref name="sources"/>, where "[1]" cites
    /// <c>sources[0]</c>.
    /// </summary>
    Task<GroundingReport> CheckAsync(
        string answer,
        IReadOnlyList<GroundingPassage> sources,
        CancellationToken cancellationToken = default);
}
