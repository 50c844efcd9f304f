namespace Docent.Answering;

/// <summary>Settings of answer composition. Plain options; call <see cref="Validate"/> before use.</summary>
public sealed class AnswerOptions
{
    /// <summary>Most sentences in an extractive answer.</summary>
    public int MaxSentences { get; set; } = 3;

    /// <summary>
    /// Whether sentences the grounding check cannot support are removed from a generated answer's text. They
    /// are listed in <see cref="Answer.Unsupported"/> either way, with <see cref="UnsupportedSentence.Dropped"/>
    /// set when removed; citations then cover only the sentences kept. When every sentence is removed the
    /// answer becomes "not found". Extractive answers quote verbatim and are not affected.
    /// </summary>
    public bool DropUnsupported { get; set; }

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (MaxSentences is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSentences), MaxSentences, "MaxSentences must be between 1 and 10.");
        }
    }
}
