namespace Docent.Answering;

/// <summary>Settings of answer composition. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class AnswerOptions
{
    /// <summary>Most sentences in an extractive answer.</summary>
    public int MaxSentences { get; set; } = 3;

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (MaxSentences is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSentences), MaxSentences, "MaxSentences must be between 1 and 10.");
        }
    }
}
