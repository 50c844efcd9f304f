using System.ClientModel;
using System.ClientModel.Primitives;
using Docent.Generation;
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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<LocalChatClient>> LocalChatClients = new(StringComparer.Ordinal);

    /// <summary>
    /// A chat client for <paramref name="settings"/> (which must be configured). <paramref name="transport"/>
    /// replaces the network handler (tests use it to talk to an in-process fake server).
    /// </summary>
    public static IChatClient CreateChatClient(ChatModelSettings settings, ILoggerFactory? loggerFactory = null, HttpMessageHandler? transport = null)
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
            return new ChatClientBuilder(CreateLocalChatClient(settings))
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
    /// The local model <paramref name="settings"/> name (provider "local"), with its sampling defaults. Loaded once per
    /// process for the same file and settings: data folders (a server's collections) share it, and it runs one
    /// generation at a time. Never disposed (it lives as long as the process).
    /// </summary>
    public static LocalChatClient CreateLocalChatClient(ChatModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = Path.GetFullPath(settings.Model ?? throw new ArgumentException("No chat model is configured (chat.model)."));
        var key = string.Join('|', path, settings.Template.ToLowerInvariant(), settings.Threads, settings.MaxOutputTokens,
                              settings.Temperature.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var lazy = LocalChatClients.GetOrAdd(key, _ => new Lazy<LocalChatClient>(() => LoadLocalChatClient(settings, path)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load (bad file) is not remembered: the user may fix the file and retry in the same process.
            LocalChatClients.TryRemove(new KeyValuePair<string, Lazy<LocalChatClient>>(key, lazy));
            throw;
        }
    }

    private static LocalChatClient LoadLocalChatClient(ChatModelSettings settings, string path) =>
        LocalChatClient.Load(new LocalChatClientOptions
        {
            ModelPath = path,
            Template = ChatTemplate.ParseKind(settings.Template),
            Threads = settings.Threads,
            MaxOutputTokens = settings.MaxOutputTokens,
            Sampling = new SamplingOptions { Temperature = (float)settings.Temperature },
        });

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
