using System.Runtime.InteropServices;
using System.Text;

namespace Docent.Generation;

/// <summary>
/// Generates text from a <see cref="LlamaModel"/>: a prompt (by default BOS alone, as llama2.c's run.c does with an
/// empty prompt) run through the model in batches, then one sampled token per step. Holds the model's sequence
/// state: not thread-safe, one generation at a time.
/// </summary>
public sealed class LlamaGenerator
{
    /// <summary>Creates a generator over <paramref name="model"/> and its <paramref name="vocabulary"/>.</summary>
    public LlamaGenerator(LlamaModel model, IGenerationTokenizer vocabulary)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count != model.VocabularySize)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens but the model {model.VocabularySize}.", nameof(vocabulary));
        }

        Model = model;
        Vocabulary = vocabulary;
    }

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>The vocabulary.</summary>
    public IGenerationTokenizer Vocabulary { get; }

    /// <summary>
    /// Yields up to <paramref name="maxTokens"/> generated token ids after BOS (fewer at BOS/EOS or the context's end),
    /// each with the token before it so callers can decode with <see cref="IGenerationTokenizer.Decode"/>.
    /// </summary>
    public IEnumerable<(int Previous, int Token)> GenerateTokens(int maxTokens, TokenSampler sampler, CancellationToken cancellationToken) =>
        GenerateTokens(BosPrompt(), maxTokens, sampler, cancellationToken);

    /// <summary>
    /// Runs <paramref name="prompt"/> (token ids, BOS included if wanted) from position 0 in batches, then yields up to
    /// <paramref name="maxTokens"/> generated ids, stopping at BOS, EOS or another end-of-generation token, or when the
    /// context is full. The first pair's previous token is the prompt's last; the sampler sees the whole sequence so
    /// far (for its repetition penalty). Throws <see cref="ContextFullException"/> when the prompt itself does not fit.
    /// </summary>
    public IEnumerable<(int Previous, int Token)> GenerateTokens(IReadOnlyList<int> prompt, int maxTokens, TokenSampler sampler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfZero(prompt.Count, nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        ArgumentNullException.ThrowIfNull(sampler);
        if (prompt.Count > Model.ContextLength)
        {
            throw new ContextFullException(Model.ContextLength, 0, prompt.Count);
        }

        return Iterate(prompt.ToArray(), maxTokens, sampler, cancellationToken);
    }

    /// <summary>The whole generated text after BOS (UTF-8 decoded once at the end, so byte tokens join correctly).</summary>
    public string Generate(int maxTokens, TokenSampler sampler, CancellationToken cancellationToken) =>
        Generate(BosPrompt(), maxTokens, sampler, cancellationToken);

    /// <summary>The whole text generated after <paramref name="prompt"/> (the prompt's own text is not included).</summary>
    public string Generate(IReadOnlyList<int> prompt, int maxTokens, TokenSampler sampler, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        foreach (var (previous, token) in GenerateTokens(prompt, maxTokens, sampler, cancellationToken))
        {
            bytes.AddRange(Vocabulary.Decode(previous, token));
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private int[] BosPrompt() => Vocabulary.BosId >= 0
        ? [Vocabulary.BosId]
        : throw new InvalidOperationException("The vocabulary has no BOS token to start from: pass a prompt.");

    private IEnumerable<(int Previous, int Token)> Iterate(int[] prompt, int maxTokens, TokenSampler sampler, CancellationToken cancellationToken)
    {
        if (maxTokens == 0)
        {
            yield break;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var history = new List<int>(prompt);
        var next = sampler.Sample(Model.ForwardBatch(prompt, 0), CollectionsMarshal.AsSpan(history));
        var token = prompt[^1];
        // The token sampled after position p runs at p + 1, so the last one is sampled from position ContextLength - 1.
        var steps = Math.Min(maxTokens, Model.ContextLength - prompt.Length + 1);
        for (var position = prompt.Length; ; position++)
        {
            if (next == Vocabulary.BosId || next == Vocabulary.EosId || Vocabulary.IsEndOfGeneration(next))
            {
                yield break;
            }

            yield return (token, next);
            history.Add(next);
            token = next;
            if (--steps == 0)
            {
                yield break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            next = sampler.Sample(Model.Forward(token, position), CollectionsMarshal.AsSpan(history));
        }
    }
}
