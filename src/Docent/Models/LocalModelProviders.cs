using Docent.Retrieval;
using Microsoft.Extensions.AI;

namespace Docent.Models;

/// <summary>
/// Several <see cref="ILocalModelProvider"/>s asked in turn; the first that runs the settings' model wins, and a model no
/// provider runs is a clear error naming the setting. Thread-safe when its providers are.
/// </summary>
public sealed class LocalModelProviders(params IReadOnlyList<ILocalModelProvider> providers) : ILocalModelProvider
{
    private readonly IReadOnlyList<ILocalModelProvider> _providers = providers ?? throw new ArgumentNullException(nameof(providers));

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>>? CreateEmbeddingGenerator(EmbeddingModelSettings settings) =>
        _providers.Select(p => p.CreateEmbeddingGenerator(settings)).FirstOrDefault(g => g is not null);

    /// <inheritdoc />
    public IReranker? CreateReranker(RerankerSettings settings) =>
        _providers.Select(p => p.CreateReranker(settings)).FirstOrDefault(r => r is not null);

    /// <inheritdoc />
    public IChatClient? CreateChatClient(ChatModelSettings settings) =>
        _providers.Select(p => p.CreateChatClient(settings)).FirstOrDefault(c => c is not null);

    /// <summary>Expands "~/models/x" to the home folder's models/x, as a shell would (settings paths are typed by people).</summary>
    public static string ExpandHome(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
    }
}
