using Docent.Generation.Tokenization;

namespace Docent.Generation;

/// <summary>
/// A local model opened from the path a user gives: a GGUF file (model and tokenizer from the one mapping) or a
/// llama2.c <c>.bin</c> checkpoint with its <c>tokenizer.bin</c> (beside it unless another path is given). Used by
/// <c>docent generate</c>, <c>docent eval perplexity</c> and <see cref="LocalChatClient"/>. Owns the model and the
/// mapping: not thread-safe; dispose once.
/// </summary>
public sealed class LocalModelFile : IDisposable
{
    private LocalModelFile(string path, LlamaModel model, IGenerationTokenizer tokenizer, GgufFile? gguf)
    {
        Path = path;
        Model = model;
        Tokenizer = tokenizer;
        Gguf = gguf;
    }

    /// <summary>The full path of the model file.</summary>
    public string Path { get; }

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>The model's tokenizer.</summary>
    public IGenerationTokenizer Tokenizer { get; }

    /// <summary>The GGUF file, or null for a llama2.c checkpoint.</summary>
    public GgufFile? Gguf { get; }

    /// <summary>The Jinja chat template stored in the file (<c>tokenizer.chat_template</c>), if any.</summary>
    public string? ChatTemplateJinja =>
        Gguf is not null && Gguf.Metadata.TryGetValue("tokenizer.chat_template", out var value) ? value as string : null;

    /// <summary>
    /// Opens <paramref name="path"/> to run on <paramref name="threadCount"/> threads (0: one per processor); throws
    /// <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming the file when it (or a
    /// checkpoint's tokenizer) is missing or not a model Docent can run.
    /// </summary>
    public static LocalModelFile Open(string path, int threadCount, string? tokenizerPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(threadCount);
        threadCount = threadCount > 0 ? threadCount : Math.Max(1, Environment.ProcessorCount);
        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        if (path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
        {
            tokenizerPath ??= System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "tokenizer.bin");
            if (!File.Exists(tokenizerPath))
            {
                throw new FileNotFoundException($"The llama2.c checkpoint '{path}' needs its tokenizer.bin; '{tokenizerPath}' does not exist.", tokenizerPath);
            }

            var checkpoint = LlamaModel.LoadLlama2C(path, threadCount);
            try
            {
                return new LocalModelFile(path, checkpoint, GenerationTokenizer.FromLlama2C(tokenizerPath, checkpoint.VocabularySize), null);
            }
            catch
            {
                checkpoint.Dispose();
                throw;
            }
        }

        var file = GgufFile.Open(path);
        try
        {
            var tokenizer = GenerationTokenizer.FromGguf(file);
            return new LocalModelFile(path, LlamaModel.Load(file, threadCount), tokenizer, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        Gguf?.Dispose();
    }
}
