using Docent.Generation;

namespace Docent.Benchmarks.Generation;

/// <summary>
/// The shape and seed of <see cref="GenerationBenchmark"/>'s random-weight llama checkpoint (defaults: the
/// stories110M shape) and what to measure. Plain options; call <see cref="Validate"/> before use.
/// </summary>
public sealed class GenerationBenchmarkOptions
{
    /// <summary>Embedding width.</summary>
    public int Dimension { get; set; } = 768;

    /// <summary>FFN hidden width.</summary>
    public int HiddenDimension { get; set; } = 2048;

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; set; } = 12;

    /// <summary>Query heads.</summary>
    public int Heads { get; set; } = 12;

    /// <summary>Key/value heads.</summary>
    public int KeyValueHeads { get; set; } = 12;

    /// <summary>Vocabulary size (32000 matches llama2.c's tokenizer.bin, which its programs need).</summary>
    public int VocabularySize { get; set; } = 32000;

    /// <summary>
    /// A GGUF file whose <c>tokenizer.*</c> metadata the checkpoint carries (its token count must be
    /// <see cref="VocabularySize"/>); null: a generated vocabulary of that size.
    /// </summary>
    public string? VocabularyFile { get; set; }

    /// <summary>Context length.</summary>
    public int ContextLength { get; set; } = 1024;

    /// <summary>Seed of the weights and the prompt tokens.</summary>
    public int Seed { get; set; } = 110;

    /// <summary>Decode steps timed (from BOS, each a forward pass and an argmax).</summary>
    public int Steps { get; set; } = 128;

    /// <summary>Prompt tokens timed.</summary>
    public int PromptTokens { get; set; } = 128;

    /// <summary>Forward passes run before timing (repeated for at least a second), so the JIT has optimised the hot loops.</summary>
    public int WarmupSteps { get; set; } = 16;

    /// <summary>Timed rounds of each phase; the fastest counts.</summary>
    public int Rounds { get; set; } = 3;

    /// <summary>Throws when a setting is out of range or the shape is inconsistent.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Dimension, 64, nameof(Dimension));
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenDimension, 64, nameof(HiddenDimension));
        ArgumentOutOfRangeException.ThrowIfLessThan(Layers, 1, nameof(Layers));
        ArgumentOutOfRangeException.ThrowIfLessThan(Heads, 1, nameof(Heads));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeyValueHeads, 1, nameof(KeyValueHeads));
        ArgumentOutOfRangeException.ThrowIfLessThan(VocabularySize, 3, nameof(VocabularySize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(VocabularySize, 1 << 20, nameof(VocabularySize)); // a vocabulary file's count, too
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfNegative(PromptTokens, nameof(PromptTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps, nameof(WarmupSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Rounds, 1, nameof(Rounds));
        if (Dimension % 64 != 0 || HiddenDimension % 64 != 0)
        {
            throw new ArgumentException($"The widths ({Dimension}, {HiddenDimension}) must be multiples of 64 (GGML blocks of 32, llama2.c int8 groups of 64).");
        }

        if (Dimension % Heads != 0 || (Dimension / Heads) % 2 != 0 || Heads % KeyValueHeads != 0)
        {
            throw new ArgumentException($"{Heads} heads ({KeyValueHeads} key/value heads) do not divide the width {Dimension} into even head sizes.");
        }

        var positions = Math.Max(Math.Max(Steps, PromptTokens), WarmupSteps);
        if (positions > ContextLength)
        {
            throw new ArgumentException($"{positions} positions do not fit the context length {ContextLength} (each phase starts at position 0).");
        }
    }
}
