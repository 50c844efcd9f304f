using Docent.Models;
using Docent.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Docent.Hosting;

/// <summary>
/// What a host lends the data folder: logging, in-process model runtimes, and — for tests and embedders — a
/// replacement network handler or ready-made clients that take precedence over the settings; for a cluster's
/// coordinator, the shards it retrieves from. All optional; plain holder; not owned (nothing here is disposed by the folder).
/// </summary>
public sealed class ModelServices
{
    /// <summary>Logs model calls (Microsoft.Extensions.AI logging decorators); null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Replaces the HTTP handler under remote model clients (an in-process fake server in tests).</summary>
    public HttpMessageHandler? Transport { get; init; }

    /// <summary>A chat client to use instead of the one the settings describe.</summary>
    public IChatClient? ChatClient { get; init; }

    /// <summary>An embedding generator to use instead of the one the settings describe; <see cref="EmbeddingModelId"/> names it.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; init; }

    /// <summary>The model id vectors of <see cref="EmbeddingGenerator"/> are stored under.</summary>
    public string? EmbeddingModelId { get; init; }

    /// <summary>
    /// The in-process model runtimes this host ships (ONNX embeddings and reranker, local generation); null runs only
    /// remote models. The CLI passes both.
    /// </summary>
    public ILocalModelProvider? LocalModels { get; init; }

    /// <summary>
    /// The collection to retrieve from instead of this folder's own indexes (the shards of a cluster); null retrieves
    /// from the folder. The folder still holds conversations, prompts and settings.
    /// </summary>
    public IRemoteCollection? RemoteCollection { get; init; }
}
