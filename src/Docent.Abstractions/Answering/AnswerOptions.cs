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

    /// <summary>
    /// The least <see cref="Answer.Confidence"/> an answer must have to be given; below it the answer is "not found"
    /// with the closest passages. Null: the generator's default (chosen on development data; see docs/benchmarks.md).
    /// 0 answers whenever some sentence matches the question. Generators that do not estimate a confidence ignore it.
    /// </summary>
    public double? MinConfidence { get; set; }

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (MaxSentences is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSentences), MaxSentences, "MaxSentences must be between 1 and 10.");
        }

        if (MinConfidence is { } min && (double.IsNaN(min) || min is < 0 or > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), MinConfidence, "MinConfidence must be between 0 and 1.");
        }
    }
}
