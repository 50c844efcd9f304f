using Docent.Models;
using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Models.Onnx;

/// <summary>
/// Plugs the ONNX Runtime models into the engine: embedding provider "onnx" (a sentence-transformers folder, or a model
/// packaged in this program: <c>embedding.path = "builtin:minilm"</c>) and the
/// cross-encoder reranker. Runs no chat model. Stateless and thread-safe; each call loads a new session.
/// </summary>
public sealed class OnnxModelProvider : ILocalModelProvider
{
    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(EmbeddingModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider != EmbeddingModelSettings.OnnxProvider || !settings.IsConfigured)
        {
            return null;
        }

        var packaged = PackagedEmbeddingModel.IsPackagedPath(settings.Path) ? PackagedEmbeddingModel.FromPath(settings.Path!) : null;
        return new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions
        {
            ModelDirectory = packaged is null ? LocalModelProviders.ExpandHome(settings.Path!) : "",
            PackagedModel = packaged,
            Pooling = settings.Pooling switch
            {
                "cls" => EmbeddingPooling.Cls,
                "mean" => EmbeddingPooling.Mean,
                _ => null,
            },
            MaxSequenceLength = settings.MaxSequenceLength,
            BatchSize = settings.BatchSize,
            // A packaged model is stored under its published name unless embedding.model names it otherwise.
            ModelId = packaged is null ? settings.ModelId : string.IsNullOrWhiteSpace(settings.Model) ? packaged.ModelId : settings.Model,
        });
    }

    /// <inheritdoc />
    public IReranker? CreateReranker(RerankerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IsConfigured
            ? new OnnxCrossEncoderReranker(new OnnxCrossEncoderOptions { ModelDirectory = LocalModelProviders.ExpandHome(settings.Path!) })
            : null;
    }

    /// <inheritdoc />
    public IChatClient? CreateChatClient(ChatModelSettings settings) => null;
}
