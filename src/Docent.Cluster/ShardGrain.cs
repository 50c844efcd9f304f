using System.Diagnostics;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Docent.Cluster;

/// <summary>
/// Owns one shard: opens its data folder when Orleans activates the grain (on whichever silo placement picks), searches it
/// with the collection's statistics, and ingests the files routed to it. Files sent to it are kept in the shard's
/// <c>sources/</c> folder, named by their source's identity, so a changed file replaces its stored copy and the document
/// keeps its id. Orleans runs one call at a time except the read-only searches, which interleave.
/// </summary>
[ShardPlacement]
public sealed class ShardGrain(ShardHost host, ILocalSiloDetails silo, ILogger<ShardGrain> logger) : Grain, IShardGrain
{
    private const string SourcesFolderName = "sources";
    private ShardKey _key;
    private DataFolder? _folder;
    private ShardSearcher? _searcher;

    private DataFolder Folder => _folder ?? throw new InvalidOperationException("The shard is not open.");

    private ShardSearcher Searcher => _searcher ?? throw new InvalidOperationException("The shard is not open.");

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ShardKey.Parse(this.GetPrimaryKeyString());
        var stopwatch = Stopwatch.StartNew();
        _folder = await host.OpenAsync(_key, cancellationToken);
        _searcher = _folder.CreateShardSearcher();
        ClusterLog.ShardOpened(logger, _key.ToString(), _folder.DataDirectory, (long)stopwatch.Elapsed.TotalMilliseconds);
    }

    /// <inheritdoc />
    public async Task<Immutable<ShardStatistics>> GetStatisticsAsync(Immutable<string[]> terms, CancellationToken cancellationToken = default) =>
        (await Searcher.GetStatisticsAsync(terms.Value, cancellationToken)).AsImmutable();

    /// <inheritdoc />
    public async Task<Immutable<ShardHits>> SearchLexicalAsync(
        Immutable<WeightedTerm[]> terms, Immutable<LexicalStatistics> statistics, int top, CancellationToken cancellationToken = default) =>
        (await Searcher.SearchLexicalAsync(terms.Value, statistics.Value, top, cancellationToken)).AsImmutable();

    /// <inheritdoc />
    public async Task<Immutable<ScoredKey[]>> SearchVectorsAsync(Immutable<float[]> query, int top, CancellationToken cancellationToken = default) =>
        (await Searcher.SearchVectorsAsync(query.Value, top, cancellationToken)).ToArray().AsImmutable();

    /// <inheritdoc />
    public async Task<Immutable<RetrievedChunk[]>> FetchAsync(Immutable<ScoredKey[]> hits, CancellationToken cancellationToken = default) =>
        (await Searcher.FetchAsync(hits.Value, cancellationToken)).ToArray().AsImmutable();

    /// <inheritdoc />
    public async Task<DocumentIngestResult[]> IngestAsync(ShardDocument[] documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var folder = Folder;
        var results = new DocumentIngestResult[documents.Length];
        using var writeLock = await folder.AcquireWriteLockAsync(cancellationToken);
        try
        {
            var pipeline = folder.CreateIngestionPipeline();
            for (int i = 0; i < documents.Length; i++)
            {
                results[i] = await IngestOneAsync(folder, pipeline, documents[i], cancellationToken);
            }
        }
        finally
        {
            // Whatever was committed is made searchable and saved, even when a later document or the caller stopped the batch.
            await folder.SaveIndexesAsync(CancellationToken.None);
        }

        ClusterLog.ShardIngested(logger, _key.ToString(), documents.Length, results.Count(r => r.Status == IngestStatus.Failed));
        return results;
    }

    /// <inheritdoc />
    public async Task<DocumentRecord?> RemoveAsync(string idOrSource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrSource);
        var document = await FindDocumentAsync(idOrSource, cancellationToken);
        if (document is null || await Folder.RemoveDocumentAsync(document.Id, cancellationToken) is null)
        {
            return null;
        }

        if (IsStoredCopy(document.Source) && File.Exists(document.Source))
        {
            File.Delete(document.Source);
        }

        return document;
    }

    /// <inheritdoc />
    public Task MoveAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        // Orleans migrates the grain once this call returns, placing it by the hint (ShardPlacementDirector honours it).
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        this.MigrateOnIdle();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<DocumentRecord[]> ListDocumentsAsync(CancellationToken cancellationToken = default) =>
        [.. await Folder.Documents.ListDocumentsAsync(cancellationToken)];

    /// <inheritdoc />
    public async Task<DocumentRecord?> FindDocumentAsync(string idOrSource, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrSource);
        var documents = Folder.Documents;
        return await documents.GetDocumentAsync(idOrSource, cancellationToken)
            ?? await documents.FindBySourceAsync(StoredPathOf(idOrSource), cancellationToken)
            ?? await documents.FindBySourceAsync(idOrSource, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreStatistics> GetStoreStatisticsAsync(CancellationToken cancellationToken = default) =>
        Folder.Documents.GetStatisticsAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<ShardSummary> GetSummaryAsync(CancellationToken cancellationToken = default)
    {
        var statistics = await Searcher.GetStatisticsAsync([], cancellationToken);
        var store = await Folder.Documents.GetStatisticsAsync(cancellationToken);
        return new ShardSummary(
            _key.ToString(), silo.SiloAddress.Endpoint.ToString(), store.Documents, (int)statistics.Lexical.DocumentCount, statistics.Version,
            GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
    }

    private async Task<DocumentIngestResult> IngestOneAsync(DataFolder folder, IngestionPipeline pipeline, ShardDocument document, CancellationToken cancellationToken)
    {
        if (ShardRouting.ShardOf(document.Source, _key.Count) != _key.Index)
        {
            return new DocumentIngestResult(document.Source, IngestStatus.Failed, Error: $"routed to shard {_key.Index}, but its source belongs to shard {ShardRouting.ShardOf(document.Source, _key.Count)}");
        }

        if (document.Content.LongLength > host.MaxDocumentBytes)
        {
            return new DocumentIngestResult(document.Source, IngestStatus.Failed, Error: $"the file is {document.Content.LongLength:N0} bytes, over the {host.MaxDocumentBytes:N0}-byte limit");
        }

        string stored = StoredPathOf(document.Source);
        Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
        string temporary = stored + ".tmp";
        await File.WriteAllBytesAsync(temporary, document.Content, cancellationToken);
        File.Move(temporary, stored, overwrite: true);
        var result = await pipeline.IngestFileAsync(stored, new IngestOptions { DisplaySource = document.DisplaySource, MaxFileBytes = host.MaxDocumentBytes }, cancellationToken)
            ;
        if (result.Status == IngestStatus.Failed && await folder.Documents.FindBySourceAsync(stored, cancellationToken) is null)
        {
            // Nothing refers to a file that could not be ingested.
            File.Delete(stored);
        }

        // The caller knows the file by its source; an error may quote the stored copy's path.
        return result with { Path = document.Source, Error = result.Error?.Replace(stored, document.DisplaySource, StringComparison.Ordinal) };
    }

    private bool IsStoredCopy(string path) =>
        path.StartsWith(Path.Combine(host.DirectoryOf(_key), SourcesFolderName) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Where the shard keeps its copy of the file from <paramref name="source"/>: named by the source's identity, with its file name.</summary>
    private string StoredPathOf(string source)
    {
        // Only the source's file name is kept (its extension helps choose a reader); the directory is the identity's.
        string name = string.Concat(Path.GetFileName(source.Replace('\\', '/')).Select(c => char.IsControl(c) || Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Length > 200)
        {
            name = "document" + Path.GetExtension(name);
        }

        return Path.Combine(host.DirectoryOf(_key), SourcesFolderName, DocumentIdentity.FromSource(source), name);
    }
}
