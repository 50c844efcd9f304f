using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;

namespace Docent.Cluster;

/// <summary>
/// The collection's documents over its shards: listing and counting ask every shard, a source goes to the shard it routes
/// to, an id (a shard's own naming) is looked for in every shard. An answer that would have to leave out an unreachable
/// shard's documents throws <see cref="PartialResultsException"/> instead.
/// </summary>
public sealed partial class ShardedCollection
{
    private IDocumentCatalog? _documents;

    /// <inheritdoc />
    public IDocumentCatalog Documents => _documents ??= new ShardedCatalog(this);

    /// <inheritdoc />
    public async Task<DocumentIngestResult> IngestFileAsync(string path, IngestOptions options, CancellationToken cancellationToken = default) =>
        (await IngestFilesAsync([(path, options)], cancellationToken).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public async Task<IReadOnlyList<DocumentIngestResult>> IngestFilesAsync(IReadOnlyList<(string Path, IngestOptions Options)> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var results = new DocumentIngestResult?[files.Count];
        var sent = new List<(int Position, ShardDocument Document)>();
        for (int i = 0; i < files.Count; i++)
        {
            var (path, options) = files[i];
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentNullException.ThrowIfNull(options);
            string full = Path.GetFullPath(path);
            var file = new FileInfo(full);
            if (!file.Exists)
            {
                results[i] = new DocumentIngestResult(path, IngestStatus.Failed, Error: "the file does not exist");
            }
            else if (file.Length > options.MaxFileBytes)
            {
                results[i] = new DocumentIngestResult(path, IngestStatus.Failed, Error: $"the file is {file.Length:N0} bytes, over the {options.MaxFileBytes:N0}-byte limit");
            }
            else
            {
                var content = await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
                sent.Add((i, new ShardDocument(options.DisplaySource ?? full, options.DisplaySource ?? Path.GetFileName(full), content)));
            }
        }

        var ingested = await IngestAsync([.. sent.Select(s => s.Document)], cancellationToken).ConfigureAwait(false);
        for (int j = 0; j < sent.Count; j++)
        {
            results[sent[j].Position] = ingested[j] with { Path = files[sent[j].Position].Path };
        }

        return results!;
    }

    /// <inheritdoc />
    /// <exception cref="PartialResultsException">A shard that might hold the document did not answer.</exception>
    public async Task<DocumentRecord?> RemoveDocumentAsync(string idOrSource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrSource);
        int routed = ShardRouting.ShardOf(idOrSource, ShardCount);
        var removed = await AskAsync([routed], (shard, ct) => shard.RemoveAsync(idOrSource, ct), cancellationToken).ConfigureAwait(false);
        if (removed[0] is not null)
        {
            return removed[0];
        }

        // Not a source this collection routed: perhaps a document id, which only the shard that stored it knows.
        var others = Enumerable.Range(0, ShardCount).Where(i => i != routed).ToArray();
        return (await AskAsync(others, (shard, ct) => shard.RemoveAsync(idOrSource, ct), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(d => d is not null);
    }

    /// <summary>Calls the shards in <paramref name="indexes"/> in parallel, each result in order; throws naming any that did not answer.</summary>
    private async Task<T?[]> AskAsync<T>(int[] indexes, Func<IShardGrain, CancellationToken, Task<T?>> call, CancellationToken cancellationToken)
        where T : class
    {
        var answers = await Task.WhenAll(indexes.Select(i => CallAsync(i, async (shard, ct) => new Answer<T>(await call(shard, ct).ConfigureAwait(false)), cancellationToken)))
            .ConfigureAwait(false);
        var missing = indexes.Where((_, j) => answers[j] is null).ToArray();
        if (missing.Length > 0)
        {
            throw new PartialResultsException(Name, missing, ShardCount);
        }

        return [.. answers.Select(a => a!.Value)];
    }

    /// <summary>A shard's answer, which may itself be null ("not here"), told apart from no answer at all.</summary>
    private sealed record Answer<T>(T? Value);

    /// <summary>The catalog over the shards.</summary>
    private sealed class ShardedCatalog(ShardedCollection collection) : IDocumentCatalog
    {
        private int[] All => [.. Enumerable.Range(0, collection.ShardCount)];

        public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CancellationToken cancellationToken = default) =>
            (await collection.AskAsync(All, async (shard, ct) => (DocumentRecord[]?)await shard.ListDocumentsAsync(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
                .SelectMany(list => list!)
                .OrderBy(d => d.ShownSource, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToList();

        public async Task<DocumentRecord?> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
            (await collection.AskAsync(All, (shard, ct) => shard.FindDocumentAsync(documentId, ct), cancellationToken).ConfigureAwait(false)).FirstOrDefault(d => d is not null);

        public async Task<DocumentRecord?> FindBySourceAsync(string source, CancellationToken cancellationToken = default) =>
            (await collection.AskAsync([ShardRouting.ShardOf(source, collection.ShardCount)], (shard, ct) => shard.FindDocumentAsync(source, ct), cancellationToken)
                .ConfigureAwait(false))[0];

        public async Task<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
        {
            var parts = await collection.AskAsync(All, async (shard, ct) => (StoreStatistics?)await shard.GetStoreStatisticsAsync(ct).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            return new StoreStatistics(parts.Sum(p => p!.Documents), parts.Sum(p => p!.Chunks), parts.Sum(p => p!.DatabaseBytes), parts.Sum(p => p!.LastChange));
        }
    }
}
