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

    /// <summary>
    /// The most tokens a language model may write for this answer (an OpenAI client's max_tokens); null: the model's configured
    /// limit. A smaller value lowers that limit, a larger one does not raise it. Extractive answers ignore it.
    /// </summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>A copy of these options.</summary>
    public AnswerOptions Clone() => (AnswerOptions)MemberwiseClone();

    /// <summary>Throws when the options are out of range.</summary>
    public void Validate()
    {
        if (MaxSentences is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSentences), MaxSentences, "MaxSentences must be between 1 and 10.");
        }

        if (MaxOutputTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutputTokens), MaxOutputTokens, "MaxOutputTokens must be at least 1.");
        }

        if (MinConfidence is { } min && (double.IsNaN(min) || min is < 0 or > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), MinConfidence, "MinConfidence must be between 0 and 1.");
        }
    }
}
