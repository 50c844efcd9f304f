using Docent.Retrieval;

namespace Docent.Models.Onnx;

/// <summary>
/// Reranks retrieved chunks with a BERT-family cross-encoder exported to ONNX: each (query, chunk text)
/// pair is encoded together ([CLS] query [SEP] passage [SEP], longest-first truncation), run in padded
/// batches, and scored by the model's logit (the single logit of a [batch, 1] output, or the last column of
/// [batch, 2], i.e. "relevant"). Scores are raw logits, higher is better. Never downloads anything.
/// Thread-safe: concurrent calls share one inference session; dispose once no call is running.
/// </summary>
public sealed class OnnxCrossEncoderReranker : IReranker, IDisposable
{
    private const string LogitsOutput = "logits";

    private readonly BertOnnxSession _session;
    private readonly OnnxCrossEncoderOptions _options;
    private readonly string _outputName;

    /// <summary>Loads the model folder named by <paramref name="options"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The model or tokenizer file is missing (named in the message).</exception>
    /// <exception cref="InvalidDataException">The model is not a usable cross-encoder (the message says why).</exception>
    public OnnxCrossEncoderReranker(OnnxCrossEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.Clone();
        copy.Validate();
        _session = BertOnnxSession.Open(copy.ModelDirectory, copy.ModelFileName, copy.MaxSequenceLength, copy.IntraOpThreads);
        try
        {
            _outputName = ChooseOutput(_session);
            copy.MaxSequenceLength = _session.MaxSequenceLength;
            _options = copy;
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The longest pair input in tokens after capping by the model.</summary>
    public int MaxSequenceLength => _options.MaxSequenceLength;

    /// <summary>The tokenizer of the model folder.</summary>
    public BertWordPieceTokenizer Tokenizer => _session.Tokenizer;

    /// <inheritdoc />
    public async Task<IReadOnlyList<RetrievedChunk>> RerankAsync(
        string query, IReadOnlyList<RetrievedChunk> candidates, RerankOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        options?.Validate();
        int top = options?.Top ?? new RerankOptions().Top;
        var scores = await ScoreAsync(query, candidates.Select(c => c.Chunk.Text).ToList(), cancellationToken).ConfigureAwait(false);
        return Enumerable.Range(0, candidates.Count)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => i)
            .Take(top)
            .Select((i, rank) => candidates[i] with { Score = scores[i], Rank = rank + 1 })
            .ToList();
    }

    /// <summary>The model's relevance logit for <paramref name="query"/> against each passage, in input order.</summary>
    public Task<float[]> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(passages);
        cancellationToken.ThrowIfCancellationRequested();
        var encodings = new BertEncoding[passages.Count];
        for (var i = 0; i < encodings.Length; i++)
        {
            var passage = passages[i] ?? throw new ArgumentException($"Passage {i} is null.", nameof(passages));
            encodings[i] = _session.Tokenizer.EncodePair(query, passage, _options.MaxSequenceLength);
        }

        var order = Enumerable.Range(0, encodings.Length).OrderByDescending(i => encodings[i].Length).ToArray();
        var scores = new float[encodings.Length];
        for (var start = 0; start < order.Length; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var indices = order.AsSpan(start, Math.Min(_options.BatchSize, order.Length - start)).ToArray();
            var (values, shape, _) = _session.Run(indices.Select(i => encodings[i]).ToArray(), _outputName);
            var columns = shape.Length == 2 ? (int)shape[1] : 1;
            if (shape.Length is < 1 or > 2 || shape[0] != indices.Length || columns < 1)
            {
                throw new InvalidDataException(
                    $"ONNX model '{_session.ModelPath}': output '{_outputName}' has shape [{string.Join(", ", shape)}]; expected [batch] or [batch, labels].");
            }

            for (var j = 0; j < indices.Length; j++)
            {
                scores[indices[j]] = values[(j * columns) + columns - 1];
            }
        }

        return Task.FromResult(scores);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static string ChooseOutput(BertOnnxSession session)
    {
        var outputs = session.OutputMetadata;
        if (outputs.TryGetValue(LogitsOutput, out var logits) && logits.Dimensions.Length is 1 or 2)
        {
            return LogitsOutput;
        }

        if (outputs.Count == 1 && outputs.Single().Value.Dimensions.Length is 1 or 2)
        {
            return outputs.Single().Key;
        }

        throw new InvalidDataException(
            $"ONNX model '{session.ModelPath}' is not a cross-encoder: expected a 'logits' output [batch, 1] or [batch, 2]; " +
            $"it has {string.Join(", ", outputs.Select(o => $"'{o.Key}' [{string.Join(", ", o.Value.Dimensions)}]"))}.");
    }
}
