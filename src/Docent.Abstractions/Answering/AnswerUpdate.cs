namespace Docent.Answering;

/// <summary>
/// One item of a streamed answer: either a piece of the model's text (<see cref="Delta"/>) or, last, the
/// final checked <see cref="Answer"/>. Exactly one of the two is set. Immutable.
/// </summary>
public sealed record AnswerUpdate
{
    private AnswerUpdate(string? delta, Answer? answer)
    {
        Delta = delta;
        Answer = answer;
    }

    /// <summary>The next piece of the model's raw text, or null in the final update.</summary>
    public string? Delta { get; }

    /// <summary>The final answer after the grounding check, or null in a text update.</summary>
    public Answer? Answer { get; }

    /// <summary>Whether this is the final update, the one carrying the <see cref="Answer"/>.</summary>
    public bool IsFinal => Answer is not null;

    /// <summary>A text update.</summary>
    public static AnswerUpdate FromDelta(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return new AnswerUpdate(delta, null);
    }

    /// <summary>The final update.</summary>
    public static AnswerUpdate FromAnswer(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new AnswerUpdate(null, answer);
    }
}
