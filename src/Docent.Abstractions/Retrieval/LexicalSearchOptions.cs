namespace Docent.Retrieval;

/// <summary>Per-query settings of a lexical index search. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class LexicalSearchOptions
{
    /// <summary>How many chunks to return (at least 1).</summary>
    public int Top { get; set; } = 10;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Top < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be at least 1.");
        }
    }
}
