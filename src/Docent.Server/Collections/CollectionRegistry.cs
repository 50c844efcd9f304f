using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Docent.Hosting;
using Microsoft.Extensions.Logging;

namespace Docent.Server.Collections;

/// <summary>
/// The collections a server serves, each its own data folder (store and indexes): "default" is the data folder
/// itself, any other lives in its <c>collections/NAME</c> folder. Folders are opened once and shared; writes to a
/// collection (ingest, delete) are serialised by its gate. Thread-safe.
/// </summary>
public sealed partial class CollectionRegistry
{
    /// <summary>The collection that is the data folder itself.</summary>
    public const string DefaultName = "default";

    private readonly string _root;
    private readonly Func<string, DocentOptions> _options;
    private readonly Func<string, ModelServices?>? _services;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ConcurrentDictionary<string, Lazy<Task<DataFolder>>> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// Serves the collections under <paramref name="dataDirectory"/>; <paramref name="options"/> gives each folder's engine
    /// options, <paramref name="services"/> (optional) the model services a folder opens with (tests lend fake models);
    /// when it gives none, a folder logs through <paramref name="loggerFactory"/> (the host's).
    /// </summary>
    public CollectionRegistry(
        string dataDirectory, Func<string, DocentOptions> options, Func<string, ModelServices?>? services = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(dataDirectory);
        _options = options;
        _services = services;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Whether <paramref name="name"/> is a valid collection name: 1–64 lower-case letters, digits, '-' or '_'.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The names of the existing collections, "default" first.</summary>
    public IReadOnlyList<string> List()
    {
        var names = new List<string> { DefaultName };
        var folder = Path.Combine(_root, "collections");
        if (Directory.Exists(folder))
        {
            names.AddRange(Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Where(IsValidName).Order(StringComparer.Ordinal));
        }

        return names;
    }

    /// <summary>Whether the collection exists.</summary>
    public bool Exists(string name) => name == DefaultName || (IsValidName(name) && Directory.Exists(DirectoryOf(name)));

    /// <summary>The data folder of a collection.</summary>
    public string DirectoryOf(string name) => name == DefaultName ? _root : Path.Combine(_root, "collections", name);

    /// <summary>Opens (once) the collection's data folder; null when it does not exist.</summary>
    public async Task<DataFolder?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!Exists(name))
        {
            return null;
        }

        var lazy = _open.GetOrAdd(name, n => new Lazy<Task<DataFolder>>(() => DataFolder.OpenAsync(
            _options(DirectoryOf(n)), _services?.Invoke(n) ?? new ModelServices { LoggerFactory = _loggerFactory }, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _open.TryRemove(name, out _);
            throw;
        }
    }

    /// <summary>Creates a collection; false when it exists already.</summary>
    public bool Create(string name)
    {
        if (!IsValidName(name) || name == DefaultName)
        {
            throw new ArgumentException($"\"{name}\" is not a collection name: use 1–64 lower-case letters, digits, '-' or '_' (and not \"default\").");
        }

        var directory = DirectoryOf(name);
        if (Directory.Exists(directory))
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        return true;
    }

    /// <summary>Deletes a collection and everything in it; false when it did not exist. The default collection cannot be deleted.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name == DefaultName)
        {
            throw new ArgumentException("The default collection is the data folder itself and cannot be deleted.");
        }

        if (!Exists(name))
        {
            return false;
        }

        var gate = GateOf(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _open.TryRemove(name, out _);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DirectoryOf(name), recursive: true);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The gate that serialises writes to a collection.</summary>
    public SemaphoreSlim GateOf(string name) => _gates.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
