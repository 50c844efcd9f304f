using System.Runtime.CompilerServices;
using Docent.Retrieval;

namespace Docent.Answering.Generative;

/// <summary>
/// Gives an LLM answerer the same answer-or-refuse decision as extractive answers: the gate (the extractive answerer,
/// with its calibrated confidence) reads the retrieved passages first; when it refuses — no content word, nothing close
/// enough, confidence under <see cref="AnswerOptions.MinConfidence"/> — its refusal, with the closest passages, is the
/// answer and the model is not called; otherwise the model answers and the answer carries the gate's confidence. A
/// decorator, so the LLM answerer stays unaware of it. Thread-safe when both answerers are.
/// </summary>
public sealed class ConfidenceGatedAnswerGenerator : IStreamingAnswerGenerator
{
    private readonly IAnswerGenerator _inner;
    private readonly IAnswerGenerator _gate;

    /// <summary>Answers with <paramref name="inner"/> when <paramref name="gate"/> finds an answer in the passages.</summary>
    public ConfidenceGatedAnswerGenerator(IAnswerGenerator inner, IAnswerGenerator gate)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(gate);
        _inner = inner;
        _gate = gate;
    }

    /// <inheritdoc />
    public async Task<Answer> GenerateAsync(
        string question,
        IReadOnlyList<RetrievedChunk> context,
        AnswerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var gate = await _gate.GenerateAsync(question, context, options, cancellationToken).ConfigureAwait(false);
        if (!gate.Found)
        {
            return gate;
        }

        var answer = await _inner.GenerateAsync(question, context, options, cancellationToken).ConfigureAwait(false);
        return WithConfidence(answer, gate);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AnswerUpdate> GenerateStreamingAsync(
        string question,
        IReadOnlyList<RetrievedChunk> context,
        AnswerOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var gate = await _gate.GenerateAsync(question, context, options, cancellationToken).ConfigureAwait(false);
        if (!gate.Found)
        {
            yield return AnswerUpdate.FromDelta(gate.Text);
            yield return AnswerUpdate.FromAnswer(gate);
            yield break;
        }

        if (_inner is not IStreamingAnswerGenerator streaming)
        {
            var answer = await _inner.GenerateAsync(question, context, options, cancellationToken).ConfigureAwait(false);
            yield return AnswerUpdate.FromDelta(answer.Text);
            yield return AnswerUpdate.FromAnswer(WithConfidence(answer, gate));
            yield break;
        }

        await foreach (var update in streaming.GenerateStreamingAsync(question, context, options, cancellationToken)
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return update.Answer is { } final ? AnswerUpdate.FromAnswer(WithConfidence(final, gate)) : update;
        }
    }

    private static Answer WithConfidence(Answer answer, Answer gate) =>
        answer with { Confidence = gate.Confidence, ConfidenceEvidence = gate.ConfidenceEvidence };
}
