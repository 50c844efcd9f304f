using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Docent.Agents;
using Docent.Asking;
using Docent.Ingestion;
using Docent.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docent.Hosting;

/// <summary>
/// Docent inside an application (what <c>services.AddDocent()</c> registers): the collections of one data folder — "default"
/// is the folder itself, others its collections/NAME folders, as <c>docent serve</c> lays them out — opened once on first use
/// and shared, ingested into, and offered as an <see cref="IChatClient"/> and as <see cref="AIFunction"/>s for agents.
/// Thread-safe; ingests into one collection run one at a time (the folder's write lock).
/// </summary>
public sealed partial class DocentCollections
{
    /// <summary>The collection that is the data folder itself.</summary>
    public const string DefaultName = "default";

    private readonly DocentServiceOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILocalModelProvider? _localModels;
    private readonly ConcurrentDictionary<string, Lazy<Task<Opened>>> _open = new(StringComparer.Ordinal);

    /// <summary>
    /// The collections <paramref name="options"/> name; folders log through <paramref name="loggerFactory"/> and run in-process
    /// models with <paramref name="localModels"/> (the built-in embedding model needs Docent.Models.Onnx's provider; without one,
    /// retrieval is lexical).
    /// </summary>
    public DocentCollections(IOptions<DocentServiceOptions> options, ILoggerFactory? loggerFactory = null, ILocalModelProvider? localModels = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _localModels = localModels;
        DataDirectory = Path.GetFullPath(_options.DataDirectory);
    }

    /// <summary>The data folder's full path.</summary>
    public string DataDirectory { get; }

    /// <summary>The collection used when none is named (<see cref="DocentServiceOptions.DefaultCollection"/>).</summary>
    public string DefaultCollection => _options.DefaultCollection;

    /// <summary>Whether <paramref name="name"/> is a valid collection name: 1–64 lower-case letters, digits, '-' or '_'.</summary>
    public static bool IsValidName(string name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>The data folder of a collection.</summary>
    public string DirectoryOf(string collection)
    {
        CheckName(collection);
        return collection == DefaultName ? DataDirectory : Path.Combine(DataDirectory, "collections", collection);
    }

    /// <summary>Opens (once) the data folder of <paramref name="collection"/> (null: the default collection).</summary>
    /// <exception cref="DataFolderNotFoundException">The folder holds no store and <see cref="DocentServiceOptions.CreateIfMissing"/> is off.</exception>
    public async Task<DataFolder> GetAsync(string? collection = null, CancellationToken cancellationToken = default) =>
        (await OpenAsync(collection ?? DefaultCollection, cancellationToken).ConfigureAwait(false)).Folder;

    /// <summary>Ingests files, folders or globs into <paramref name="collection"/> (null: the default), one result per document.</summary>
    public async Task<IngestReport> IngestAsync(
        IReadOnlyList<string> paths, string? collection = null, IngestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var folder = await GetAsync(collection, cancellationToken).ConfigureAwait(false);
        return await folder.CreateIngestionPipeline().IngestAsync(paths, options, progress: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="collection"/> (null: the default) as a chat client: the last user message is the question, earlier turns
    /// its history; the answer's citations come as <see cref="CitationAnnotation"/>s on its text and in its AdditionalProperties.
    /// </summary>
    public IChatClient AsChatClient(string? collection = null)
    {
        var name = collection ?? DefaultCollection;
        CheckName(name);
        return new DocentChatClient(async ct => (await OpenAsync(name, ct).ConfigureAwait(false)).Pipeline, name, _options.Top);
    }

    /// <summary>
    /// The search and ask functions of <paramref name="collection"/> (null: the default) for an agent's tools:
    /// <c>search_documents</c> and <c>ask_documents</c> (<see cref="DocentFunctions"/>).
    /// </summary>
    public IReadOnlyList<AIFunction> CreateFunctions(string? collection = null)
    {
        var name = collection ?? DefaultCollection;
        CheckName(name);
        return DocentFunctions.Create(
            async ct => (await OpenAsync(name, ct).ConfigureAwait(false)).Folder.Retriever,
            async ct => (await OpenAsync(name, ct).ConfigureAwait(false)).Pipeline,
            new DocentFunctionOptions { Collection = name, SearchTop = _options.SearchTop, AnswerTop = _options.Top });
    }

    private async Task<Opened> OpenAsync(string collection, CancellationToken cancellationToken)
    {
        var directory = DirectoryOf(collection);
        var lazy = _open.GetOrAdd(collection, _ => new Lazy<Task<Opened>>(async () =>
        {
            var folder = await DataFolder.OpenAsync(
                _options.ToDocentOptions(directory), new ModelServices { LoggerFactory = _loggerFactory, LocalModels = _localModels }, CancellationToken.None).ConfigureAwait(false);
            return new Opened(folder, folder.CreateAskPipeline());
        }));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed open (a busy or damaged folder) is tried again by the next caller.
            _open.TryRemove(collection, out _);
            throw;
        }
    }

    private static void CheckName(string collection)
    {
        if (!IsValidName(collection))
        {
            throw new ArgumentException($"\"{collection}\" is not a collection name: use 1–64 lower-case letters, digits, '-' or '_'.", nameof(collection));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();

    private sealed record Opened(DataFolder Folder, IAskPipeline Pipeline);
}
