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
    public IEnumerable<(int Previous, int Token)> GenerateTokens(int maxTokens, TokenSampler sampler, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        ArgumentNullException.ThrowIfNull(sampler);
        var token = Vocabulary.BosId;
        var steps = Math.Min(maxTokens, Model.ContextLength);
        for (var position = 0; position < steps; position++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = sampler.Sample(Model.Forward(token, position));
            if (next == Vocabulary.BosId || next == Vocabulary.EosId)
            {
                yield break;
            }

            yield return (token, next);
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
