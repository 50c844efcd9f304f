namespace Docent.Text;

/// <summary>A sentence found in a string: its start and length in that string.</summary>
public readonly record struct SentenceSpan(int Start, int Length)
{
    /// <summary>The first character after the sentence.</summary>
    public int End => Start + Length;
}
