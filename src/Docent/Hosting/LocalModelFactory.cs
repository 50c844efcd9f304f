using Docent.Models;
using Microsoft.Extensions.AI;

namespace Docent.Hosting;

/// <summary>Creates in-process (ONNX) models from settings. Static; thread-safe.</summary>
internal static class LocalModelFactory
{
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(EmbeddingModelSettings settings) =>
        throw new NotSupportedException($"Local ONNX embeddings are not available in this build ({settings.Path}).");
}
