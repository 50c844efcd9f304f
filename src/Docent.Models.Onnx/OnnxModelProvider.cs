using Docent.Models;
using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Models.Onnx;

/// <summary>
/// Plugs the ONNX Runtime models into the engine: embedding provider "onnx" (a sentence-transformers folder) and the
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

        return new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions
        {
            ModelDirectory = LocalModelProviders.ExpandHome(settings.Path!),
            Pooling = settings.Pooling switch
            {
                "cls" => EmbeddingPooling.Cls,
                "mean" => EmbeddingPooling.Mean,
                _ => null,
            },
            MaxSequenceLength = settings.MaxSequenceLength,
            BatchSize = settings.BatchSize,
            ModelId = settings.ModelId,
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
