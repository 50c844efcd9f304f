using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Concurrency;

namespace Docent.Cluster;

/// <summary>
/// A collection held as shards on an Orleans cluster, seen from any process that can call its grains (a silo or a
/// client): it routes files to their shard by the hash of their source, and searches by scatter-gather — every shard is
/// searched with the collection's summed BM25 statistics, so the merged top-k equals one store's, and vector hits are
/// merged by similarity. A shard that does not answer is retried (Orleans re-activates it on a live silo); one that never
/// does is named in the result, never silently left out. As an <see cref="IRemoteCollection"/> it plugs into a
/// <see cref="DataFolder"/>, which then answers, chats and serves the API over the whole collection. Thread-safe.
/// </summary>
public sealed partial class ShardedCollection : IRemoteCollection
{
    private readonly IGrainFactory _grains;
    private readonly ITextAnalyzer _analyzer;
    private readonly ShardedCollectionOptions _options;
    private readonly ILogger _logger;

    /// <summary>Passes a rebalance makes at most.</summary>
    private const int RebalancePasses = 6;

    /// <summary>The collection <paramref name="name"/> of <paramref name="shardCount"/> shards, analysing queries with <paramref name="analyzer"/> (the shards' analyzer).</summary>
    public ShardedCollection(
        IGrainFactory grains, string name, int shardCount, ITextAnalyzer analyzer, ShardedCollectionOptions? options = null, ILogger<ShardedCollection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(analyzer);
        if (!ShardKey.IsValidCollection(name))
        {
            throw new ArgumentException($"\"{name}\" is not a collection name: use 1–64 lower-case letters, digits, '-' or '_'.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shardCount, ShardKey.MaxShards);
        options ??= new ShardedCollectionOptions();
        options.Validate();
        _grains = grains;
        _analyzer = analyzer;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Name = name;
        ShardCount = shardCount;
        Lexical = new ShardedLexicalRetriever(this);
    }

    /// <summary>The collection's name.</summary>
    public string Name { get; }

    /// <summary>How many shards the collection has.</summary>
    public int ShardCount { get; }

    /// <inheritdoc />
    public IWeightedTermRetriever Lexical { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Languages => Volatile.Read(ref _view)?.Languages ?? [];

    /// <summary>The settings the collection was opened with.</summary>
    internal ShardedCollectionOptions Options => _options;

    /// <inheritdoc />
    public IRetriever CreateVectorRetriever(IEmbeddingGenerator<string, Embedding<float>> queryEmbedder) => new ShardedVectorRetriever(this, queryEmbedder);

    /// <summary>The grain of shard <paramref name="index"/>.</summary>
    public IShardGrain Shard(int index) => _grains.GetGrain<IShardGrain>(new ShardKey(Name, index, ShardCount).ToString());

    /// <summary>The best <paramref name="top"/> chunks for <paramref name="query"/> over every shard, scored as one index would score them.</summary>
    public Task<ShardedSearchResult> SearchAsync(string query, int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        return SearchLexicalAsync(languages => LexicalQuery.Analyze(_analyzer, query, languages), top, cancellationToken);
    }

    /// <summary>The best <paramref name="top"/> chunks for analysed, weighted terms (an expanded query) over every shard.</summary>
    public Task<ShardedSearchResult> SearchAsync(IReadOnlyList<WeightedTerm> terms, int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var positive = terms.Where(t => t.Weight > 0).ToArray();
        return SearchLexicalAsync(_ => positive, top, cancellationToken);
    }

    /// <summary>The <paramref name="top"/> nearest chunks to an embedded query over every shard, merged by similarity.</summary>
    public async Task<ShardedSearchResult> SearchVectorsAsync(ReadOnlyMemory<float> query, int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var vector = query.ToArray().AsImmutable();
        var responses = await Task.WhenAll(Enumerable.Range(0, ShardCount)
            .Select(i => CallAsync(i, async (shard, ct) => (await shard.SearchVectorsAsync(vector, top, ct).ConfigureAwait(false)).Value, cancellationToken))).ConfigureAwait(false);
        var missing = Enumerable.Range(0, ShardCount).Where(i => responses[i] is null).ToList();
        var hits = await MergeAndFetchAsync(responses, top, missing, cancellationToken).ConfigureAwait(false);
        return new ShardedSearchResult(hits, missing);
    }

    /// <summary>
    /// Ingests files, each into the shard its source routes to (a changed file replaces its earlier version there): shards
    /// work in parallel, each on batches of files in order. One result per file, in the order given; a shard that never
    /// answers fails its files as transient.
    /// </summary>
    public async Task<IReadOnlyList<DocumentIngestResult>> IngestAsync(IReadOnlyList<ShardDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var results = new DocumentIngestResult[documents.Count];
        var byShard = Enumerable.Range(0, documents.Count).GroupBy(i => ShardRouting.ShardOf(documents[i].Source, ShardCount));
        await Task.WhenAll(byShard.Select(async group =>
        {
            foreach (var batch in Batches(group.ToList(), documents))
            {
                var sent = batch.Select(i => documents[i]).ToArray();
                var answered = await CallAsync(group.Key, (shard, ct) => shard.IngestAsync(sent, ct), cancellationToken, _options.IngestTimeout).ConfigureAwait(false);
                for (int j = 0; j < batch.Count; j++)
                {
                    // A retried batch is harmless (a file stored by an earlier try is found unchanged), and so is sending it again.
                    results[batch[j]] = answered?[j] ?? new DocumentIngestResult(
                        documents[batch[j]].Source, IngestStatus.Failed,
                        Error: $"shard {group.Key} of collection \"{Name}\" did not answer (its silo lost, or the batch ran past the ingest timeout); ingest the file again",
                        Transient: true);
                }
            }
        })).ConfigureAwait(false);
        return results;
    }

    /// <summary>What each shard holds and where it runs; null for a shard that did not answer.</summary>
    public async Task<IReadOnlyList<ShardSummary?>> GetSummariesAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(i => CallAsync(i, (shard, ct) => shard.GetSummaryAsync(ct), cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// Moves every shard that is not on its home silo (<see cref="ShardPlacement"/>: shard i on live silo i mod S) there —
    /// the step to run after adding silos, so the new ones take their share. A moved shard is closed on its old silo and
    /// reopened on its home on its next call (which this makes). Returns the moves made.
    /// </summary>
    public async Task<IReadOnlyList<ShardMove>> RebalanceAsync(CancellationToken cancellationToken = default)
    {
        var moves = new List<ShardMove>();

        // A silo that has not yet seen a new member cannot place a shard on it; a later pass, a little later, moves what
        // landed elsewhere. Passes stop when every shard is home.
        for (int pass = 1; pass <= RebalancePasses; pass++)
        {
            var hosts = await _grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
            var silos = hosts.Keys.ToDictionary(s => s.Endpoint.ToString(), StringComparer.Ordinal);
            var before = await GetSummariesAsync(cancellationToken).ConfigureAwait(false);
            var away = Enumerable.Range(0, ShardCount)
                .Where(i => before[i] is { } summary && summary.Silo != ShardPlacement.HomeOf(i, silos.Keys))
                .ToArray();
            if (away.Length == 0)
            {
                break;
            }

            foreach (int i in away)
            {
                var target = silos[ShardPlacement.HomeOf(i, silos.Keys)];
                await CallAsync(i, async (shard, ct) => { await shard.MoveAsync(target, ct).ConfigureAwait(false); return target; }, cancellationToken).ConfigureAwait(false);
                var after = await CallAsync(i, (shard, ct) => shard.GetSummaryAsync(ct), cancellationToken).ConfigureAwait(false);
                moves.Add(new ShardMove(i, before[i]!.Silo, after?.Silo));
            }

            await Task.Delay(_options.RetryDelay * pass, cancellationToken).ConfigureAwait(false);
        }

        return moves;
    }

    /// <summary>
    /// Merges the shards' keys — best score first, ties by shard, then by key (shards number chunks independently) — and
    /// fetches the <paramref name="top"/> winners' chunks from the shards that hold them, ranked. Shards that did not
    /// answer the fetch join <paramref name="missing"/>.
    /// </summary>
    private async Task<List<RetrievedChunk>> MergeAndFetchAsync(IReadOnlyList<ScoredKey>?[] perShard, int top, List<int> missing, CancellationToken cancellationToken)
    {
        var winners = perShard
            .SelectMany((hits, shard) => (hits ?? []).Select(hit => (Shard: shard, Hit: hit)))
            .OrderByDescending(w => w.Hit.Score).ThenBy(w => w.Shard).ThenBy(w => w.Hit.Key)
            .Take(top)
            .GroupBy(w => w.Shard)
            .Select(g => (Shard: g.Key, Hits: g.Select(w => w.Hit).ToArray().AsImmutable()))
            .ToArray();
        var fetched = await Task.WhenAll(winners.Select(w =>
            CallAsync(w.Shard, async (shard, ct) => (await shard.FetchAsync(w.Hits, ct).ConfigureAwait(false)).Value, cancellationToken))).ConfigureAwait(false);

        // Each shard returns its winners in the order asked (best first, then by key), so ordering by score, then shard,
        // then place in that list restores the merged order.
        var chunks = new List<(int Shard, int Place, RetrievedChunk Chunk)>(top);
        for (int i = 0; i < winners.Length; i++)
        {
            if (fetched[i] is not { } found)
            {
                missing.Add(winners[i].Shard);
                continue;
            }

            chunks.AddRange(found.Select((chunk, place) => (winners[i].Shard, place, chunk)));
        }

        return chunks
            .OrderByDescending(c => c.Chunk.Score).ThenBy(c => c.Shard).ThenBy(c => c.Place)
            .Select((c, i) => c.Chunk with { Rank = i + 1 })
            .ToList();
    }

    /// <summary>Batches of at most 64 files or 16 MB (a batch of one when a file is larger), so one call stays a reasonable message.</summary>
    private static IEnumerable<List<int>> Batches(List<int> indexes, IReadOnlyList<ShardDocument> documents)
    {
        const int MaxFiles = 64;
        const long MaxBytes = 16L * 1024 * 1024;
        var batch = new List<int>();
        long bytes = 0;
        foreach (int i in indexes)
        {
            long size = documents[i].Content.LongLength;
            if (batch.Count > 0 && (batch.Count == MaxFiles || bytes + size > MaxBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(i);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Calls shard <paramref name="index"/>, retrying a call that failed because the shard's silo is gone or did not answer
    /// in time (<paramref name="limit"/>, else <see cref="ShardedCollectionOptions.ShardTimeout"/>); null after the last try.
    /// Errors the shard itself raised (a bad request) are thrown.
    /// </summary>
    private async Task<T?> CallAsync<T>(int index, Func<IShardGrain, CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan? limit = null)
        where T : class
    {
        var wait = limit ?? _options.ShardTimeout;
        for (int attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            try
            {
                return await call(Shard(index), timeout.Token).WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested && IsUnavailable(error))
            {
                ClusterLog.ShardUnavailable(_logger, Name, index, attempt, error.GetType().Name + ": " + error.Message);
                if (attempt >= _options.Attempts)
                {
                    return null;
                }

                await Task.Delay(_options.RetryDelay * attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Failures of reaching a shard (its silo lost, a message undeliverable, no answer in time), as opposed to errors it raised.</summary>
    private static bool IsUnavailable(Exception error) =>
        error is OrleansException or TimeoutException or OperationCanceledException;
}
