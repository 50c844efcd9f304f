namespace Docent.Generation;

/// <summary>
/// How <see cref="LocalChatClient"/> loads and runs a local model: the file, its chat format, threads and the
/// default sampling and answer length that a request's <c>ChatOptions</c> may override. Plain options; call
/// <see cref="Validate"/> before use; not thread-safe to mutate.
/// </summary>
public sealed class LocalChatClientOptions
{
    /// <summary>The model: a GGUF file (llama, qwen2, qwen3, gemma, gemma2, gemma3 or phi3 architecture) or a llama2.c .bin checkpoint.</summary>
    public string? ModelPath { get; set; }

    /// <summary>For a llama2.c .bin checkpoint: its tokenizer.bin (default: the one beside the model).</summary>
    public string? TokenizerPath { get; set; }

    /// <summary>The chat format; <see cref="ChatTemplateKind.Auto"/> recognises the GGUF file's template.</summary>
    public ChatTemplateKind Template { get; set; } = ChatTemplateKind.Auto;

    /// <summary>Threads each matrix product is split across; 0 means one per processor.</summary>
    public int Threads { get; set; }

    /// <summary>Most tokens one answer may have when the request does not say (ChatOptions.MaxOutputTokens).</summary>
    public int MaxOutputTokens { get; set; } = 512;

    /// <summary>Sampling when the request does not say otherwise (temperature 0 by default: greedy, repeatable).</summary>
    public SamplingOptions Sampling { get; set; } = new();


    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range, or <see cref="FileNotFoundException"/> for a missing model file.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("A local chat model needs the path of its .gguf file (chat.model).");
        }

        if (!File.Exists(ModelPath))
        {
            throw new FileNotFoundException(
                $"The local chat model file '{Path.GetFullPath(ModelPath)}' does not exist (chat.model must be the path of a .gguf file).", ModelPath);
        }

        if (Threads is < 0 or > 1024)
        {
            throw new ArgumentException($"chat.threads is {Threads}; it must be between 0 (one per processor) and 1024.");
        }

        if (MaxOutputTokens < 1)
        {
            throw new ArgumentException($"The local model's MaxOutputTokens is {MaxOutputTokens}; it must be at least 1.");
        }

        ArgumentNullException.ThrowIfNull(Sampling);
        Sampling.Validate();
    }
}
