using System.Collections.Concurrent;
using Docent.Models;
using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Models.Onnx;

/// <summary>
/// Plugs the ONNX Runtime models into the engine: embedding provider "onnx" (a sentence-transformers folder, or a model
/// packaged in this program: <c>embedding.path = "builtin:minilm"</c>, or its static variant distilled on first use:
/// <c>"builtin:minilm-static"</c>) and the cross-encoder reranker. Runs no chat model. Thread-safe. A packaged model is
/// loaded once per provider and shared by every folder that asks for it with the same settings (it is the default, and
/// a server or test host opens many folders); its generator must not be disposed by them. A model folder loads a new
/// session on each call.
/// </summary>
public sealed class OnnxModelProvider : ILocalModelProvider
{
    private readonly ConcurrentDictionary<string, Lazy<OnnxEmbeddingGenerator>> _packaged = new(StringComparer.Ordinal);

    /// <summary>Where static tables are cached; null: <see cref="StaticEmbeddingOptions.DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Receives progress lines while a static table is distilled (once per machine); null: silent.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(EmbeddingModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider != EmbeddingModelSettings.OnnxProvider || !settings.IsConfigured)
        {
            return null;
        }

        if (StaticEmbeddingGenerator.IsStaticPath(settings.Path))
        {
            return StaticEmbeddingGenerator.Open(new StaticEmbeddingOptions
            {
                PackagedModel = StaticEmbeddingGenerator.SourceModel(settings.Path!),
                CacheDirectory = CacheDirectory,
                Progress = Progress,
                ModelId = string.IsNullOrWhiteSpace(settings.Model) ? null : settings.Model,
            });
        }

        var packaged = PackagedEmbeddingModel.IsPackagedPath(settings.Path) ? PackagedEmbeddingModel.FromPath(settings.Path!) : null;
        if (packaged is null)
        {
            return Create(settings, null);
        }

        var key = string.Join('|', packaged.Name, settings.Pooling, settings.MaxSequenceLength, settings.BatchSize, settings.Model);
        return _packaged.GetOrAdd(key, _ => new Lazy<OnnxEmbeddingGenerator>(() => Create(settings, packaged))).Value;
    }

    private static OnnxEmbeddingGenerator Create(EmbeddingModelSettings settings, PackagedEmbeddingModel? packaged) =>
        new(new OnnxEmbeddingOptions
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
