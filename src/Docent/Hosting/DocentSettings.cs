using Docent.Models;

namespace Docent.Hosting;

/// <summary>
/// The user's model and retrieval configuration, merged from the data folder's settings.json, DOCENT_*
/// environment variables, the user-secrets file and command-line flags (see <see cref="DocentSettingsLoader"/>).
/// With nothing configured Docent stays embedded: hybrid retrieval with the built-in embedding model (lexical where no
/// ONNX runtime is at hand, or with <c>embedding.path = "none"</c>) and extractive answers. Plain options;
/// call <see cref="Validate"/> before use.
/// </summary>
public sealed class DocentSettings
{
    /// <summary>The chat model that writes answers; unconfigured means extractive answers.</summary>
    public ChatModelSettings Chat { get; set; } = new();

    /// <summary>The embedding model for semantic retrieval; unconfigured means lexical only.</summary>
    public EmbeddingModelSettings Embedding { get; set; } = new();

    /// <summary>An optional cross-encoder reranker.</summary>
    public RerankerSettings Reranker { get; set; } = new();

    /// <summary>Retrieval mode and fusion.</summary>
    public RetrievalSettings Retrieval { get; set; } = new();

    /// <summary>The limits of `docent serve` (request sizes, question length, rate limit).</summary>
    public ServerSettings Server { get; set; } = new();

    /// <summary>OCR of scanned PDF pages and images: on/off, languages, render resolution, engine and limits.</summary>
    public Documents.Ocr.OcrSettings Ocr { get; set; } = new();

    /// <summary>The audit log of questions (off unless a path is set).</summary>
    public AuditSettings Audit { get; set; } = new();

    /// <summary>Personal data (e-mail addresses, phones, IBANs, card numbers, national ids, names): redacted in storage, in output, or not looked for.</summary>
    public Docent.Safety.PiiSettings Pii { get; set; } = new();

    /// <summary>What ingest does with passages that may be prompt injections (quarantine).</summary>
    public SafetySettings Safety { get; set; } = new();

    /// <summary>Remove answer sentences the grounding check cannot support (they are still reported).</summary>
    public bool DropUnsupported { get; set; }

    /// <summary>
    /// The least confidence (0–1) an extractive answer needs to be given; below it Docent says it could not find the
    /// answer and shows the closest passages. Unset: the default chosen on development data.
    /// </summary>
    public double? MinConfidence { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Chat.Validate();
        Embedding.Validate();
        Reranker.Validate();
        Retrieval.Validate();
        Server.Validate();
        Ocr.Validate();
        Audit.Validate();
        Pii.Validate();
        if (Pii.IsEnabled && Pii.Names == Docent.Safety.PiiNameDetection.Model && !Chat.IsConfigured)
        {
            throw new ArgumentException("pii.names is \"model\", which needs a chat model to find names: set chat.model (and chat.endpoint), or set pii.names to off.");
        }
        if (MinConfidence is { } min && (double.IsNaN(min) || min is < 0 or > 1))
        {
            throw new ArgumentException($"minConfidence must be between 0 and 1 (it is {min}).");
        }
        if (Retrieval.Mode is Docent.Retrieval.RetrievalMode.Vector or Docent.Retrieval.RetrievalMode.Hybrid && !Embedding.IsConfigured)
        {
            throw new ArgumentException(
                $"retrieval mode \"{Retrieval.Mode.ToString()!.ToLowerInvariant()}\" needs an embedding model: set embedding.path (a local ONNX folder) " +
                "or embedding.provider \"openai\" with embedding.model.");
        }
    }

    /// <summary>
    /// The mode these settings ask for: the configured one, else hybrid with embeddings, else lexical. An open folder's
    /// <see cref="DataFolder.Mode"/> is the one in effect (lexical when no runtime for the built-in model is at hand).
    /// </summary>
    public Docent.Retrieval.RetrievalMode EffectiveMode =>
        Retrieval.Mode ?? (Embedding.IsConfigured ? Docent.Retrieval.RetrievalMode.Hybrid : Docent.Retrieval.RetrievalMode.Lexical);
}
