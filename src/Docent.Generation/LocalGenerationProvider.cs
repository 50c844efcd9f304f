using System.Collections.Concurrent;
using System.Globalization;
using Docent.Models;
using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Generation;

/// <summary>
/// Plugs the in-process generation engine into the engine as chat provider "local" (a GGUF file or llama2.c checkpoint).
/// Loads each file once per provider for the same settings, so the data folders of one host (a server's collections)
/// share one model, which runs one generation at a time; the clients live as long as the provider (the process).
/// Thread-safe.
/// </summary>
public sealed class LocalGenerationProvider : ILocalModelProvider
{
    private readonly ConcurrentDictionary<string, Lazy<LocalChatClient>> _clients = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(EmbeddingModelSettings settings) => null;

    /// <inheritdoc />
    public IReranker? CreateReranker(RerankerSettings settings) => null;

    /// <inheritdoc />
    public IChatClient? CreateChatClient(ChatModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IsLocal && settings.IsConfigured ? Load(settings) : null;
    }

    /// <summary>
    /// The local model <paramref name="settings"/> name, with its sampling defaults; the same instance for the same file
    /// and settings. A failed load (a bad file) is not remembered, so a fixed file loads on the next call.
    /// </summary>
    public LocalChatClient Load(ChatModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = Path.GetFullPath(settings.Model ?? throw new ArgumentException("No chat model is configured (chat.model)."));
        var key = string.Join('|', path, settings.Template.ToLowerInvariant(), settings.Threads, settings.MaxOutputTokens,
                              settings.Temperature.ToString("R", CultureInfo.InvariantCulture));
        var lazy = _clients.GetOrAdd(key, _ => new Lazy<LocalChatClient>(() => LocalChatClient.Load(new LocalChatClientOptions
        {
            ModelPath = path,
            Template = ChatTemplate.ParseKind(settings.Template),
            Threads = settings.Threads,
            MaxOutputTokens = settings.MaxOutputTokens,
            Sampling = new SamplingOptions { Temperature = (float)settings.Temperature },
        })));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _clients.TryRemove(new KeyValuePair<string, Lazy<LocalChatClient>>(key, lazy));
            throw;
        }
    }
}
