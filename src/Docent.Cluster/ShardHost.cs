using System.Globalization;
using System.Text.Json;
using Docent.Hosting;

namespace Docent.Cluster;

/// <summary>
/// A silo's access to the shards it activates: where each lives and how it is opened. The first activation of a
/// collection records its shard count in <c>&lt;root&gt;/&lt;collection&gt;/layout.json</c>; a shard asked for under another count
/// refuses, since its documents were routed by the recorded one. Thread-safe.
/// </summary>
public sealed class ShardHost
{
    private const string LayoutFileName = "layout.json";
    private readonly ShardHostOptions _options;
    private readonly Lock _layoutLock = new();

    /// <summary>Creates the host over validated <paramref name="options"/>.</summary>
    public ShardHost(ShardHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        DataRoot = Path.GetFullPath(options.DataRoot);
    }

    /// <summary>The folder shards live under.</summary>
    public string DataRoot { get; }

    /// <summary>The largest file a shard ingests.</summary>
    public long MaxDocumentBytes => _options.MaxDocumentBytes;

    /// <summary>The data folder of <paramref name="key"/>'s shard.</summary>
    public string DirectoryOf(ShardKey key) =>
        Path.Combine(DataRoot, key.Collection, string.Create(CultureInfo.InvariantCulture, $"shard-{key.Index:D3}"));

    /// <summary>Opens the shard's data folder, creating it (and the collection's layout) on first use.</summary>
    /// <exception cref="InvalidOperationException">The collection was created with another shard count.</exception>
    public Task<DataFolder> OpenAsync(ShardKey key, CancellationToken cancellationToken = default)
    {
        CheckLayout(key);
        string directory = DirectoryOf(key);
        var options = _options.FolderOptions?.Invoke(directory) ?? new DocentOptions();
        options.DataDirectory = directory;
        options.CreateIfMissing = true;
        return DataFolder.OpenAsync(options, _options.Services?.Invoke(directory), cancellationToken);
    }

    private void CheckLayout(ShardKey key)
    {
        string collection = Path.Combine(DataRoot, key.Collection);
        string path = Path.Combine(collection, LayoutFileName);
        lock (_layoutLock)
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(collection);
                string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
                File.WriteAllText(temporary, JsonSerializer.Serialize(new Layout(key.Count)));
                try
                {
                    // Another silo may have written it first: theirs stands, and is checked below.
                    File.Move(temporary, path, overwrite: false);
                }
                catch (IOException) when (File.Exists(path))
                {
                    File.Delete(temporary);
                }
            }

            var layout = JsonSerializer.Deserialize<Layout>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"{path} is empty; it should record the collection's shard count.");
            if (layout.Shards != key.Count)
            {
                throw new InvalidOperationException(
                    $"Collection \"{key.Collection}\" has {layout.Shards} shards ({path}); it was asked for shard {key.Index} of {key.Count}. " +
                    "Documents are routed by the shard count, so it cannot change without re-ingesting.");
            }
        }
    }

    private sealed record Layout(int Shards);
}
