using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace Docent.Models;

/// <summary>
/// Builds the Microsoft.Extensions.AI clients Docent talks to from settings: the provider client at the core,
/// then the decorators — retries with backoff (in the HTTP pipeline), failure translation, logging and
/// OpenTelemetry (activity source <see cref="TelemetrySourceName"/>) — each its own small class. Static;
/// thread-safe; the clients it returns are thread-safe.
/// </summary>
public static class ModelClientFactory
{
    /// <summary>The OpenTelemetry activity source and meter name of model calls.</summary>
    public const string TelemetrySourceName = "Docent.Models";

    /// <summary>
    /// A chat client for <paramref name="settings"/> (which must be configured). <paramref name="transport"/>
    /// replaces the network handler (tests use it to talk to an in-process fake server); <paramref name="localModels"/>
    /// runs provider "local" in process.
    /// </summary>
    public static IChatClient CreateChatClient(
        ChatModelSettings settings, ILoggerFactory? loggerFactory = null, HttpMessageHandler? transport = null, ILocalModelProvider? localModels = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (!settings.IsConfigured)
        {
            throw new ArgumentException("No chat model is configured (chat.model).");
        }

        if (settings.IsLocal)
        {
            // In process: no network failures to translate (the failure decorator would misreport a too-long prompt as a
            // malformed response), so only logging and telemetry wrap it.
            var local = localModels?.CreateChatClient(settings)
                ?? throw new ArgumentException(
                    "chat.provider \"local\" runs models in process, and this program was built without the local generation engine (Docent.Generation).");
            return new ChatClientBuilder(local)
                .UseLogging(loggerFactory ?? NullLoggerFactory.Instance)
                .UseOpenTelemetry(loggerFactory ?? NullLoggerFactory.Instance, TelemetrySourceName)
                .Build();
        }

        var endpoint = settings.Endpoint ?? "https://api.openai.com/v1";
        var client = CreateOpenAIClient(endpoint, settings.ApiKey, settings.MaxRetries, settings.RetryDelaySeconds, settings.TimeoutSeconds, transport);
        IChatClient chat = client.GetChatClient(settings.Model!).AsIChatClient();
        return new ChatClientBuilder(chat)
            .Use(inner => new ModelFailureChatClient(inner, endpoint, settings.Model!, TimeSpan.FromSeconds(settings.TimeoutSeconds)))
            .UseLogging(loggerFactory ?? NullLoggerFactory.Instance)
            .UseOpenTelemetry(loggerFactory ?? NullLoggerFactory.Instance, TelemetrySourceName)
            .Build();
    }

    /// <summary>
    /// An embedding generator on an OpenAI-compatible endpoint for <paramref name="settings"/> (provider "openai").
    /// Caching by content hash is added by the caller (<see cref="CachingEmbeddingGenerator"/>), which owns the store.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateRemoteEmbeddingGenerator(
        EmbeddingModelSettings settings, ILoggerFactory? loggerFactory = null, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.Provider != EmbeddingModelSettings.OpenAIProvider || string.IsNullOrWhiteSpace(settings.Model))
        {
            throw new ArgumentException("A remote embedding model needs embedding.provider \"openai\" and embedding.model.");
        }

        var endpoint = settings.Endpoint ?? "https://api.openai.com/v1";
        var client = CreateOpenAIClient(endpoint, settings.ApiKey, settings.MaxRetries, settings.RetryDelaySeconds, settings.TimeoutSeconds, transport);
        var generator = client.GetEmbeddingClient(settings.Model).AsIEmbeddingGenerator(settings.Dimensions);
        return new EmbeddingGeneratorBuilder<string, Embedding<float>>(generator)
            .Use(inner => new ModelFailureEmbeddingGenerator(inner, endpoint, settings.Model!))
            .UseLogging(loggerFactory ?? NullLoggerFactory.Instance)
            .UseOpenTelemetry(loggerFactory ?? NullLoggerFactory.Instance, TelemetrySourceName)
            .Build();
    }

    private static OpenAIClient CreateOpenAIClient(
        string endpoint, string? apiKey, int maxRetries, double retryDelaySeconds, double timeoutSeconds, HttpMessageHandler? transport)
    {
        var http = TransientHttpRetry.CreateClient(
            maxRetries, TimeSpan.FromSeconds(retryDelaySeconds), TimeSpan.FromSeconds(timeoutSeconds), transport);
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint),
            Transport = new HttpClientPipelineTransport(http),
            // Retries live in the HTTP pipeline above (one policy, Retry-After aware); the SDK's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Attempts are bounded by the pipeline's timeout; the SDK's 100 s default must not cut a slow stream.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            UserAgentApplicationId = "docent",
        };

        // Local servers (Ollama, llama.cpp, LM Studio) need no key, but the SDK requires a credential.
        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(apiKey) ? "no-key" : apiKey), options);
    }
}
