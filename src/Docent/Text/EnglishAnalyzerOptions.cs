namespace Docent.Text;

/// <summary>Switches of <see cref="EnglishAnalyzer"/>. Plain options; the analyzer copies them at construction.</summary>
public sealed class EnglishAnalyzerOptions
{
    /// <summary>Reduce terms to their Porter stems ("running" → "run"). Default true.</summary>
    public bool Stemming { get; set; } = true;

    /// <summary>Drop English stop words ("the", "of", …); they still take a position. Default true.</summary>
    public bool RemoveStopWords { get; set; } = true;

    /// <summary>Terms longer than this many characters after folding are dropped (they still take a position). Default 128.</summary>
    public int MaxTermLength { get; set; } = 128;

    /// <summary>Throws when the options are inconsistent.</summary>
    public void Validate()
    {
        if (MaxTermLength < 1 || MaxTermLength > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTermLength), MaxTermLength, "MaxTermLength must be between 1 and 1024.");
        }
    }
}
