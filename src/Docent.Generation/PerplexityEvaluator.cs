namespace Docent.Generation;

/// <summary>
/// Sliding-window perplexity as Hugging Face defines it ("Perplexity of fixed-length models"): windows of
/// <c>context</c> tokens start every <c>stride</c> tokens; each window is run from position 0 and scores only the
/// tokens the previous window did not (no token is scored twice), conditioning on the rest
/// of the window; PPL = exp(mean NLL). A token that starts a window and was not scored before (every window start
/// when stride = context) has nothing to condition on and is not scored, as in Hugging Face's loop. Static; thread-safe (the logits function is called from the caller's thread).
/// </summary>
public static class PerplexityEvaluator
{
    /// <summary>
    /// The perplexity of <paramref name="tokens"/> under <paramref name="logits"/>; <paramref name="stride"/> must be
    /// between 1 and <paramref name="context"/>.
    /// </summary>
    public static PerplexityResult Evaluate(IReadOnlyList<int> tokens, int context, int stride, TokenLogits logits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(logits);
        if (tokens.Count < 2)
        {
            throw new ArgumentException($"Perplexity needs at least 2 tokens; the text has {tokens.Count}.");
        }

        if (context < 2)
        {
            throw new ArgumentException($"The context is {context} tokens; it must be at least 2.");
        }

        if (stride < 1 || stride > context)
        {
            throw new ArgumentException($"The stride is {stride}; it must be between 1 and the context ({context}).");
        }

        var total = 0.0;
        var scored = 0;
        var windows = 0;
        var previousEnd = 0;
        for (var begin = 0; begin < tokens.Count; begin += stride)
        {
            var end = Math.Min(begin + context, tokens.Count);
            var firstScored = Math.Max(previousEnd, begin + 1); // the window's first token has nothing to condition on
            windows++;
            // Token j is predicted by the logits after token j−1; the window's last token predicts nothing inside it.
            for (var j = begin; j < end - 1; j++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = logits(tokens[j], j - begin);
                if (j + 1 >= firstScored)
                {
                    total -= LogSoftmaxAt(row, tokens[j + 1]);
                    scored++;
                }
            }

            previousEnd = end;
            if (end == tokens.Count)
            {
                break;
            }
        }

        var mean = total / scored;
        return new PerplexityResult(Math.Exp(mean), mean, scored, windows);
    }

    /// <summary>
    /// The same figure computed with a batched model: each window runs in chunks of up to <paramref name="batchSize"/>
    /// tokens, each chunk one call to <paramref name="logits"/> writing <paramref name="vocabularySize"/> logits per token.
    /// </summary>
    public static PerplexityResult Evaluate(
        IReadOnlyList<int> tokens, int context, int stride, int vocabularySize, int batchSize, BatchTokenLogits logits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var ids = tokens?.ToArray() ?? throw new ArgumentNullException(nameof(tokens));
        var rows = new float[batchSize * vocabularySize];
        var chunkStart = -1;
        var chunkLength = 0;
        var windowBegin = -1;
        // Adapts the per-token walk to chunked calls. The walk asks for positions 0, 1, 2, … of each window in turn and
        // windows start every `stride` tokens, so a request for position 0 opens the next window, and a chunk runs when
        // the walk first asks for one of its rows.
        ReadOnlySpan<float> Row(int token, int position)
        {
            if (position == 0)
            {
                windowBegin = windowBegin < 0 ? 0 : windowBegin + stride;
                chunkStart = -1;
            }

            if (chunkStart < 0 || position >= chunkStart + chunkLength)
            {
                chunkStart = position;
                chunkLength = Math.Min(batchSize, Math.Min(context, ids.Length - windowBegin) - position);
                logits(ids.AsSpan(windowBegin + position, chunkLength), position, rows.AsSpan(0, chunkLength * vocabularySize));
            }

            return rows.AsSpan((position - chunkStart) * vocabularySize, vocabularySize);
        }

        return Evaluate(ids, context, stride, Row, cancellationToken);
    }

    /// <summary>ln softmax(logits)[index], computed stably in double precision.</summary>
    public static double LogSoftmaxAt(ReadOnlySpan<float> logits, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, logits.Length);
        var max = float.NegativeInfinity;
        foreach (var l in logits)
        {
            max = Math.Max(max, l);
        }

        var sum = 0.0;
        foreach (var l in logits)
        {
            sum += Math.Exp(l - max);
        }

        return logits[index] - max - Math.Log(sum);
    }
}
