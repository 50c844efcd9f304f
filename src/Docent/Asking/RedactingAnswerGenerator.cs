using Docent.Answering;
using Docent.Retrieval;

namespace Docent.Asking;

/// <summary>
/// An answer generator decorator that passes everything an answer shows through a redaction function: its text, warnings and
/// unsupported sentences, each citation's quote, passage text, title and heading path, and the closest passages of a refusal.
/// The data folder composes it with the personal-data redactor when <c>pii.redact</c> is <c>answers</c>, behind a retriever
/// that already redacts what the generator reads; this catches what came from elsewhere (the question, a model's own words).
/// It does not stream: a number split across two streamed pieces could not be recognised, so the answer arrives whole.
/// Spans are left as the generator gave them. Thread-safe when the inner generator and the function are.
/// </summary>
public sealed class RedactingAnswerGenerator : IAnswerGenerator
{
    private readonly IAnswerGenerator _inner;
    private readonly Func<string, string> _redact;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="redact"/> returns its argument when there is nothing to hide.</summary>
    public RedactingAnswerGenerator(IAnswerGenerator inner, Func<string, string> redact)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(redact);
        _inner = inner;
        _redact = redact;
    }

    /// <summary>The decorated generator.</summary>
    public IAnswerGenerator InnerGenerator => _inner;

    /// <inheritdoc />
    public async Task<Answer> GenerateAsync(string question, IReadOnlyList<RetrievedChunk> context, AnswerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var answer = await _inner.GenerateAsync(question, context, options, cancellationToken).ConfigureAwait(false);
        return Redact(answer);
    }

    /// <summary><paramref name="answer"/> with everything it shows redacted.</summary>
    public Answer Redact(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer with
        {
            Question = _redact(answer.Question),
            Text = _redact(answer.Text),
            Citations = [.. answer.Citations.Select(c => c with
            {
                Quote = _redact(c.Quote),
                ChunkText = _redact(c.ChunkText),
                Title = _redact(c.Title),
                HeadingPath = [.. c.HeadingPath.Select(_redact)],
            })],
            ClosestPassages = [.. answer.ClosestPassages.Select(p => RedactingRetriever.Redact(p, _redact))],
            Unsupported = [.. answer.Unsupported.Select(u => u with { Sentence = _redact(u.Sentence) })],
            Warnings = [.. answer.Warnings.Select(_redact)],
        };
    }
}
