using System.Collections.Concurrent;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Tests.TestSupport;
using Docent.Text;
using Xunit.Abstractions;

namespace Docent.Cluster.Tests;

/// <summary>
/// A collection of 8 shards on a 3-silo Orleans test cluster against the same files in one data folder: every query's
/// top 10 is the same (chunks, and scores within 1e-6) straight from the coordinator and through a data folder's own
/// retrieval and answering; a changed or removed file is changed or removed where it lives; and a silo killed during a
/// query burst loses no document while every query answers in full or says which shards it is missing.
/// </summary>
public sealed class ShardedCollectionTests(ITestOutputHelper output)
{
    private const int Shards = 8;

    [Fact]
    public async Task EightShardsOnThreeSilosRankAndAnswerEveryQueryAsOneStore()
    {
        using var dir = new TempDirectory();
        var corpus = ClusterCorpus.Write(Path.Combine(dir.Path, "corpus"), generated: 240, seed: 17);
        var reference = await ClusterHarness.OpenReferenceAsync(Path.Combine(dir.Path, "single"), corpus);
        await using var cluster = await ClusterHarness.StartAsync(3, Path.Combine(dir.Path, "shards"));
        var collection = ClusterHarness.Collection(cluster, Shards);

        var ingested = await collection.IngestAsync(corpus.Documents());
        Assert.All(ingested, r => Assert.True(r.Status == IngestStatus.Added, $"{r.Path}: {r.Status} {r.Error}"));
        var summaries = await collection.GetSummariesAsync();
        Assert.Equal(corpus.Files.Count, summaries.Sum(s => s!.Documents));
        Assert.All(summaries, s => Assert.True(s!.Documents > 0, $"{s.Shard} holds no document"));
        Assert.Equal([3, 3, 2], summaries.GroupBy(s => s!.Silo).Select(g => g.Count()).OrderDescending());

        // Retrieval and answers through a data folder whose retrieval reads the shards: the pipeline above runs unchanged.
        var coordinator = await DataFolder.OpenAsync(
            new DocentOptions { DataDirectory = Path.Combine(dir.Path, "coordinator") }, new ModelServices { RemoteCollection = collection });
        await AssertSameAsReferenceAsync(reference, coordinator, collection, corpus.Queries);
        var listed = await coordinator.Documents.ListDocumentsAsync();
        Assert.Equal(
            (await reference.Documents.ListDocumentsAsync()).Select(d => d.ShownSource).Order(StringComparer.Ordinal),
            listed.Select(d => d.ShownSource));
        Assert.Equal(listed[5].ShownSource, (await coordinator.Documents.GetDocumentAsync(listed[5].Id))?.ShownSource);
        Assert.Equal(corpus.Files.Count, (await coordinator.Documents.GetStatisticsAsync()).Documents);
        foreach (var question in corpus.Queries.Take(6))
        {
            var expected = await reference.CreateAskPipeline().AskAsync(question);
            var actual = await coordinator.CreateAskPipeline().AskAsync(question);
            Assert.Equal(expected.Answer.Text, actual.Answer.Text);
            Assert.Equal(expected.Answer.Citations.Select(c => (c.Quote, c.ShownSource)), actual.Answer.Citations.Select(c => (c.Quote, c.ShownSource)));
        }

        // A changed file replaces its chunks in its own shard, a removed one leaves, and the cached statistics follow both.
        var changed = corpus.Files.First(f => f.EndsWith("doc-0003.md", StringComparison.Ordinal));
        await File.AppendAllTextAsync(changed, "\n\nThe quokka audit covers every laptop and every holiday request.\n");
        var removed = corpus.Files.First(f => f.EndsWith("doc-0007.md", StringComparison.Ordinal));
        await reference.CreateIngestionPipeline().IngestAsync([changed], new IngestOptions());
        Assert.NotNull(await reference.RemoveDocumentAsync(removed));
        var updated = await collection.IngestAsync([corpus.Document(changed)]);
        Assert.Equal(IngestStatus.Updated, updated[0].Status);
        Assert.Equal("corpus/doc-0007.md", (await collection.RemoveDocumentAsync(removed))?.ShownSource);
        Assert.Null(await collection.RemoveDocumentAsync(removed));
        Assert.Equal(corpus.Files.Count - 1, (await collection.GetSummariesAsync()).Sum(s => s!.Documents));
        await AssertSameAsReferenceAsync(reference, coordinator, collection, ["quokka audit", "laptop holiday", .. corpus.Queries.Take(20)]);
        Assert.Contains((await collection.SearchAsync("quokka")).Hits, h => h.Document.Source.EndsWith("doc-0003.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HybridRetrievalOverShardsMergesVectorHitsAndRanksAsOneStore()
    {
        using var dir = new TempDirectory();
        var corpus = ClusterCorpus.Write(Path.Combine(dir.Path, "corpus"), generated: 120, seed: 29);
        var reference = await ClusterHarness.OpenReferenceAsync(Path.Combine(dir.Path, "single"), corpus, hybrid: true);
        await using var cluster = await ClusterHarness.StartAsync(2, Path.Combine(dir.Path, "shards"), hybrid: true);
        var collection = ClusterHarness.Collection(cluster, 4);
        Assert.All(await collection.IngestAsync(corpus.Documents()), r => Assert.Equal(IngestStatus.Added, r.Status));

        var coordinator = await DataFolder.OpenAsync(ClusterHarness.HybridOptions(Path.Combine(dir.Path, "coordinator")), ClusterHarness.HybridServices(collection));
        Assert.Equal(RetrievalMode.Hybrid, coordinator.Mode);

        // Vector search is approximate (HNSW) in one store and in each shard: both are held to the exact top 10.
        Assert.Equal(corpus.Files.Count, (await reference.Documents.ListDocumentsAsync()).Count);
        var embedder = ClusterHarness.Embedder();
        var ten = new RetrievalOptions { Top = 10 };
        double singleRecall = 0, shardedRecall = 0;
        int asked = 0;
        foreach (var query in corpus.Queries)
        {
            var exact = await ClusterHarness.ExactVectorTopAsync(reference, embedder, query, 10);
            if (exact.Count == 0)
            {
                continue;
            }

            var single = await reference.CreateRetriever(RetrievalMode.Vector).RetrieveAsync(query, ten);
            var sharded = await coordinator.CreateRetriever(RetrievalMode.Vector).RetrieveAsync(query, ten);
            singleRecall += single.Count(h => exact.Contains(h.Chunk.Text)) / (double)exact.Count;
            shardedRecall += sharded.Count(h => exact.Contains(h.Chunk.Text)) / (double)exact.Count;
            asked++;
            Assert.Equal(sharded.OrderByDescending(h => h.Score).Select(h => h.Score), sharded.Select(h => h.Score));
            Assert.NotEmpty(await coordinator.Retriever.RetrieveAsync(query, ten));
        }

        output.WriteLine($"vector recall@10 against exact: one store {singleRecall / asked:F3}, {collection.ShardCount} shards {shardedRecall / asked:F3} over {asked} queries");
        Assert.True(shardedRecall / asked >= 0.95, $"sharded vector recall@10 {shardedRecall / asked:F3}");
        Assert.True(shardedRecall >= singleRecall - (0.02 * asked), $"sharded vector recall {shardedRecall / asked:F3} below one store's {singleRecall / asked:F3}");
    }

    [Fact]
    public async Task KillingASiloDuringAQueryBurstLosesNoDocumentAndEveryQueryAnswersOrSaysPartial()
    {
        using var dir = new TempDirectory();
        var corpus = ClusterCorpus.Write(Path.Combine(dir.Path, "corpus"), generated: 160, seed: 23);
        var reference = await ClusterHarness.OpenReferenceAsync(Path.Combine(dir.Path, "single"), corpus);
        await using var cluster = await ClusterHarness.StartAsync(3, Path.Combine(dir.Path, "shards"));
        var collection = ClusterHarness.Collection(cluster, Shards);
        Assert.All(await collection.IngestAsync(corpus.Documents()), r => Assert.Equal(IngestStatus.Added, r.Status));

        var expected = new Dictionary<string, IReadOnlyList<RetrievedChunk>>(StringComparer.Ordinal);
        foreach (var query in corpus.Queries.Distinct(StringComparer.Ordinal))
        {
            expected[query] = await ReferenceSearch.TopTenAsync(reference, query);
        }

        // The victim is a secondary silo (the primary holds the test cluster's membership) that holds shards.
        var summaries = await collection.GetSummariesAsync();
        var victim = cluster.SecondarySilos.First(silo => summaries.Any(s => s!.Silo.Contains(silo.SiloAddress.Endpoint.ToString(), StringComparison.Ordinal)));
        int victimShards = summaries.Count(s => s!.Silo.Contains(victim.SiloAddress.Endpoint.ToString(), StringComparison.Ordinal));

        var outcomes = new ConcurrentBag<(string Query, ShardedSearchResult Result, bool AfterKill)>();
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int completed = 0;
        int killed = 0;
        var queries = corpus.Queries;
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (int i = worker; i < queries.Count * 3; i += 4)
            {
                bool afterKill = Volatile.Read(ref killed) == 1;
                var result = await collection.SearchAsync(queries[i % queries.Count], 10);
                outcomes.Add((queries[i % queries.Count], result, afterKill));
                if (Interlocked.Increment(ref completed) == 12)
                {
                    killNow.TrySetResult();
                }
            }
        })).ToList();
        var killer = Task.Run(async () =>
        {
            await killNow.Task;
            await cluster.KillSiloAsync(victim);
            Volatile.Write(ref killed, 1);
        });
        await Task.WhenAll([.. workers, killer]);

        Assert.Equal(queries.Count * 3, outcomes.Count);
        int afterKill = outcomes.Count(o => o.AfterKill);
        output.WriteLine($"{outcomes.Count} queries, {afterKill} started after the kill, {outcomes.Count(o => o.Result.IsPartial)} partial; the victim held {victimShards} shards");
        Assert.True(afterKill > 0, "the burst ended before the silo was killed");
        foreach (var (query, result, _) in outcomes)
        {
            if (!result.IsPartial)
            {
                ClusterHarness.AssertSameRanking(expected[query], result.Hits, query);
            }
            else
            {
                Assert.All(result.MissingShards, shard => Assert.InRange(shard, 0, Shards - 1));
            }
        }

        // Once the cluster has moved the lost silo's shards, every query answers in full again, and nothing stored was lost.
        foreach (var query in expected.Keys)
        {
            var result = await collection.SearchAsync(query, 10);
            Assert.False(result.IsPartial, $"'{query}' still misses shards {string.Join(", ", result.MissingShards)}");
            ClusterHarness.AssertSameRanking(expected[query], result.Hits, query);
        }

        var after = await collection.GetSummariesAsync();
        Assert.All(after, s => Assert.NotNull(s));
        Assert.Equal(corpus.Files.Count, after.Sum(s => s!.Documents));
        Assert.DoesNotContain(after, s => s!.Silo.Contains(victim.SiloAddress.Endpoint.ToString(), StringComparison.Ordinal));
        Assert.True(victimShards > 0);
    }

    [Fact]
    public async Task ShardsSpreadEvenlyAndARebalanceMovesTheirShareToANewSilo()
    {
        using var dir = new TempDirectory();
        var corpus = ClusterCorpus.Write(Path.Combine(dir.Path, "corpus"), generated: 80, seed: 31);
        var reference = await ClusterHarness.OpenReferenceAsync(Path.Combine(dir.Path, "single"), corpus);
        await using var cluster = await ClusterHarness.StartAsync(2, Path.Combine(dir.Path, "shards"));
        var collection = ClusterHarness.Collection(cluster, 6);
        Assert.All(await collection.IngestAsync(corpus.Documents()), r => Assert.Equal(IngestStatus.Added, r.Status));
        Assert.Equal([3, 3], (await collection.GetSummariesAsync()).GroupBy(s => s!.Silo).Select(g => g.Count()));

        var added = await cluster.StartAdditionalSiloAsync();
        var moves = await collection.RebalanceAsync();
        string newcomer = added.SiloAddress.Endpoint.ToString();
        var after = await collection.GetSummariesAsync();
        Assert.Equal([2, 2, 2], after.GroupBy(s => s!.Silo).Select(g => g.Count()));
        Assert.Equal(2, after.Count(s => s!.Silo == newcomer));
        Assert.Contains(moves, m => m.To == newcomer);
        Assert.Equal(corpus.Files.Count, after.Sum(s => s!.Documents));
        foreach (var query in corpus.Queries.Take(15))
        {
            ClusterHarness.AssertSameRanking(await ReferenceSearch.TopTenAsync(reference, query), (await collection.SearchAsync(query, 10)).Hits, query);
        }

        Assert.Empty(await collection.RebalanceAsync());

        // A source whose file name no file system would take is stored under a cleaned name, not refused or thrown on.
        var odd = new ShardDocument("/uploads/na\u0001me\u0000.md", "odd.md", "# Odd\n\nThe zebra roster lists every zebra.\n"u8.ToArray());
        Assert.Equal(IngestStatus.Added, (await collection.IngestAsync([odd]))[0].Status);
        Assert.Contains((await collection.SearchAsync("zebra roster")).Hits, h => h.Document.ShownSource == "odd.md");
    }

    [Fact]
    public async Task AShardThatNeverAnswersIsNamedNotSilentlyLeftOut()
    {
        using var dir = new TempDirectory();
        var corpus = ClusterCorpus.Write(Path.Combine(dir.Path, "corpus"), generated: 60, seed: 5);
        await using var cluster = await ClusterHarness.StartAsync(1, Path.Combine(dir.Path, "shards"));
        Assert.All(await ClusterHarness.Collection(cluster, 4).IngestAsync(corpus.Documents()), r => Assert.Equal(IngestStatus.Added, r.Status));

        var lost = new ShardKey("handbook", 2, 4).ToString();
        var factory = new UnreachableShardFactory(cluster.Client, key => key == lost);
        var options = new ShardedCollectionOptions { Attempts = 2, RetryDelay = TimeSpan.Zero };
        var collection = new ShardedCollection(factory, "handbook", 4, new MultilingualAnalyzer(), options);
        var result = await collection.SearchAsync("holiday laptop travel", 50);
        Assert.True(result.IsPartial);
        Assert.Equal([2], result.MissingShards);
        Assert.NotEmpty(result.Hits);
        Assert.DoesNotContain(result.Hits, h => ShardRouting.ShardOf(Path.Combine(corpus.Folder, Path.GetFileName(h.Document.Source)), 4) == 2);

        // Retrieval for answers refuses a partial result unless told to allow one.
        var strict = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(dir.Path, "strict") }, new ModelServices { RemoteCollection = collection });
        var error = await Assert.ThrowsAsync<PartialResultsException>(() => strict.Retriever.RetrieveAsync("holiday laptop travel"));
        Assert.Equal([2], error.MissingShards);
        Assert.Contains("1 of 4 shards (2)", error.Message, StringComparison.Ordinal);
        var lenient = new ShardedCollection(factory, "handbook", 4, new MultilingualAnalyzer(), new ShardedCollectionOptions { Attempts = 1, AllowPartialResults = true });
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(dir.Path, "lenient") }, new ModelServices { RemoteCollection = lenient });
        Assert.NotEmpty(await folder.Retriever.RetrieveAsync("holiday laptop travel"));

        // A list of documents without the lost shard's would be silently short: it fails instead.
        Assert.Equal([2], (await Assert.ThrowsAsync<PartialResultsException>(() => strict.Documents.ListDocumentsAsync())).MissingShards);

        // A file routed to the lost shard fails as transient, naming the shard; the others are stored.
        var results = await collection.IngestAsync(corpus.Documents());
        Assert.All(results.Where(r => ShardRouting.ShardOf(r.Path, 4) == 2), r =>
        {
            Assert.Equal(IngestStatus.Failed, r.Status);
            Assert.True(r.Transient);
            Assert.Contains("shard 2", r.Error, StringComparison.Ordinal);
        });
        Assert.All(results.Where(r => ShardRouting.ShardOf(r.Path, 4) != 2), r => Assert.Equal(IngestStatus.Unchanged, r.Status));
    }

    [Fact]
    public void RoutingIsStableAndSpreadsDocuments()
    {
        var counts = new int[Shards];
        for (int i = 0; i < 4000; i++)
        {
            int shard = ShardRouting.ShardOf($"/data/docs/file-{i}.md", Shards);
            Assert.Equal(shard, ShardRouting.ShardOf($"/data/docs/file-{i}.md", Shards));
            counts[shard]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 400, 600));
        Assert.Equal("news/3/8", new ShardKey("news", 3, 8).ToString());
        Assert.Equal(new ShardKey("news", 3, 8), ShardKey.Parse("news/3/8"));
        Assert.Throws<FormatException>(() => ShardKey.Parse("news/8/8"));
        Assert.Throws<FormatException>(() => ShardKey.Parse("News/1/8"));
    }

    private static async Task AssertSameAsReferenceAsync(DataFolder reference, DataFolder coordinator, ShardedCollection collection, IEnumerable<string> queries)
    {
        var ten = new RetrievalOptions { Top = 10 };
        foreach (var query in queries)
        {
            var expected = await ReferenceSearch.TopTenAsync(reference, query);
            var direct = await collection.SearchAsync(query, 10);
            Assert.False(direct.IsPartial);
            Assert.True(direct.StatisticsCurrent);
            ClusterHarness.AssertSameRanking(expected, direct.Hits, query);
            ClusterHarness.AssertSameRanking(await reference.Retriever.RetrieveAsync(query, ten), await coordinator.Retriever.RetrieveAsync(query, ten), query);
        }
    }
}
