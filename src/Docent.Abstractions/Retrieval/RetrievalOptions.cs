namespace Docent.Retrieval;

/// <summary>Per-query retrieval settings. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class RetrievalOptions
{
    /// <summary>How many chunks to return.</summary>
    public int Top { get; set; } = 10;

    /// <summary>
    /// Whose documents may be returned; null means every document (the data folder's owner). Retrievers leave out other
    /// documents' chunks before the top K and out of every figure a score depends on, so a hidden document changes no
    /// visible result.
    /// </summary>
    public Access.AccessScope? Access { get; set; }

    /// <summary>A copy asking for <paramref name="top"/> chunks with the same access (what decorators pass inwards).</summary>
    public RetrievalOptions WithTop(int top) => new() { Top = top, Access = Access };

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (Top is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Top), Top, "Top must be between 1 and 10000.");
        }
    }
}
