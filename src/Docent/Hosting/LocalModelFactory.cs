using Docent.Models;
using Docent.Models.Onnx;
using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Hosting;

/// <summary>Creates in-process (ONNX Runtime) models from settings: embeddings and the cross-encoder reranker. Static; thread-safe.</summary>
internal static class LocalModelFactory
{
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(EmbeddingModelSettings settings) =>
        new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions
        {
            ModelDirectory = ExpandHome(settings.Path!),
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

    public static IReranker CreateReranker(RerankerSettings settings) =>
        new OnnxCrossEncoderReranker(new OnnxCrossEncoderOptions { ModelDirectory = ExpandHome(settings.Path!) });

    /// <summary>"~/models/x" → the home folder's models/x, as a shell would.</summary>
    public static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
}
