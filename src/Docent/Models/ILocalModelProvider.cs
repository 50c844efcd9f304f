using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Models;

/// <summary>
/// The hook through which in-process model runtimes plug into the engine, which references none of them: the
/// ONNX runtime (<c>Docent.Models.Onnx</c>) answers for embedding provider "onnx" and the reranker, the
/// generation engine (<c>Docent.Generation</c>) for chat provider "local". A host (the CLI, the server) passes
/// the providers it ships in <c>ModelServices.LocalModels</c>. Each method returns null when the settings name a
/// model this provider does not run. Implementations are thread-safe.
/// </summary>
public interface ILocalModelProvider
{
    /// <summary>An in-process embedding generator for <paramref name="settings"/>, or null when this provider does not run it.</summary>
    IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(EmbeddingModelSettings settings);

    /// <summary>An in-process reranker for <paramref name="settings"/>, or null when this provider does not run it.</summary>
    IReranker? CreateReranker(RerankerSettings settings);

    /// <summary>
    /// An in-process chat client for <paramref name="settings"/> (provider "local"), or null when this provider does not run
    /// it. The client may answer <c>GetService(typeof(ChatModelLimits))</c> with its real context and token counter.
    /// </summary>
    IChatClient? CreateChatClient(ChatModelSettings settings);
}
