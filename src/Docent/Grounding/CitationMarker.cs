using Docent.Answering;

namespace Docent.Grounding;

/// <summary>
/// One citation marker in an answer: "[3]", "[1, 2]" or "[2-4]", where it lies, and the numbers it names.
/// Immutable.
/// </summary>
/// <param name="Start">Index of the opening bracket.</param>
/// <param name="Length">Length up to and including the closing bracket.</param>
/// <param name="Numbers">The cited numbers in the order written, ranges expanded.</param>
internal readonly record struct CitationMarker(int Start, int Length, IReadOnlyList<int> Numbers)
{
    /// <summary>The first character after the marker.</summary>
    public int End => Start + Length;
}
