namespace Docent.Retrieval;

/// <summary>
/// A retriever decorator that passes every result's text, heading path and document title through a redaction function
/// before anything downstream sees it (search output, answer generators, a chat model's prompt): the data folder composes it
/// with the personal-data redactor when <c>pii.redact</c> is <c>answers</c>. What is stored is untouched, so a result's
/// <see cref="Chunking.Chunk.Span"/> still locates the passage in the document's original text. Thread-safe when the inner
/// retriever and the function are.
/// </summary>
public sealed class RedactingRetriever : DelegatingRetriever
{
    private readonly Func<string, string> _redact;

    /// <summary>Wraps <paramref name="innerRetriever"/>; <paramref name="redact"/> returns its argument when there is nothing to hide.</summary>
    public RedactingRetriever(IRetriever innerRetriever, Func<string, string> redact)
        : base(innerRetriever)
    {
        ArgumentNullException.ThrowIfNull(redact);
        _redact = redact;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        string query, RetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        var results = await InnerRetriever.RetrieveAsync(query, options, cancellationToken).ConfigureAwait(false);
        return results.Select(r => Redact(r, _redact)).ToList();
    }

    /// <summary><paramref name="result"/> with its text, heading path and title redacted; the same instance when nothing changed.</summary>
    public static RetrievedChunk Redact(RetrievedChunk result, Func<string, string> redact)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(redact);
        var chunk = result.Chunk;
        var text = redact(chunk.Text);
        var path = RedactAll(chunk.HeadingPath, redact);
        var title = redact(result.Document.Title);
        if (text == chunk.Text && path is null && title == result.Document.Title)
        {
            return result;
        }

        return result with
        {
            Chunk = chunk with { Text = text, HeadingPath = path ?? chunk.HeadingPath },
            Document = title == result.Document.Title ? result.Document : result.Document with { Title = title },
        };
    }

    private static string[]? RedactAll(IReadOnlyList<string> values, Func<string, string> redact)
    {
        string[]? redacted = null;
        for (var i = 0; i < values.Count; i++)
        {
            var value = redact(values[i]);
            if (value != values[i])
            {
                redacted ??= [.. values];
                redacted[i] = value;
            }
        }

        return redacted;
    }
}
