using System.Runtime.InteropServices;
using System.Text;

namespace Docent.Generation;

/// <summary>
/// Generates text from a <see cref="LlamaModel"/>: BOS, then one sampled token per step, as llama2.c's run.c does
/// with an empty prompt. Holds the model's sequence state: not thread-safe, one generation at a time.
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
    /// Yields up to <paramref name="maxTokens"/> generated token ids (fewer at BOS/EOS or the context's end), each
    /// with the token before it so callers can decode with <see cref="IGenerationTokenizer.Decode"/>.
    /// </summary>
    public IEnumerable<(int Previous, int Token)> GenerateTokens(int maxTokens, TokenSampler sampler, CancellationToken cancellationToken) =>
        GenerateTokens([Vocabulary.BosId], maxTokens, sampler, cancellationToken);

    /// <summary>
    /// Runs <paramref name="prompt"/> (token ids, BOS included when wanted) and yields up to <paramref name="maxTokens"/>
    /// generated token ids after it (fewer at BOS, an end-of-generation token or the context's end), each with the
    /// token before it. The sampler sees the whole sequence so far (for its repetition penalty).
    /// </summary>
    public IEnumerable<(int Previous, int Token)> GenerateTokens(IReadOnlyList<int> prompt, int maxTokens, TokenSampler sampler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        ArgumentNullException.ThrowIfNull(sampler);
        if (prompt.Count == 0 || prompt.Any(t => t < 0 || t >= Model.VocabularySize))
        {
            throw new ArgumentException("The prompt must hold at least one token, each a valid id (a vocabulary without BOS needs a non-empty prompt).", nameof(prompt));
        }

        if (prompt.Count > Model.ContextLength)
        {
            throw new ArgumentException($"The prompt is {prompt.Count} tokens but the model's context holds {Model.ContextLength}.", nameof(prompt));
        }

        return Iterate(prompt, maxTokens, sampler, cancellationToken);
    }

    private IEnumerable<(int Previous, int Token)> Iterate(IReadOnlyList<int> prompt, int maxTokens, TokenSampler sampler, CancellationToken cancellationToken)
    {
        for (var position = 0; position < prompt.Count - 1; position++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Model.Forward(prompt[position], position);
        }

        var history = new List<int>(prompt);
        var token = prompt[^1];
        for (int position = prompt.Count - 1, generated = 0; generated < maxTokens && position < Model.ContextLength; position++, generated++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = sampler.Sample(Model.Forward(token, position), CollectionsMarshal.AsSpan(history));
            if (next == Vocabulary.BosId || Vocabulary.IsEndOfGeneration(next))
            {
                yield break;
            }

            yield return (token, next);
            history.Add(next);
            token = next;
        }
    }

    /// <summary>The whole generated text (UTF-8 decoded once at the end, so byte tokens join correctly).</summary>
    public string Generate(int maxTokens, TokenSampler sampler, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        foreach (var (previous, token) in GenerateTokens(maxTokens, sampler, cancellationToken))
        {
            bytes.AddRange(Vocabulary.Decode(previous, token));
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
