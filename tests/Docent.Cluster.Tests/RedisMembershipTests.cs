using Docent.Ingestion;
using Docent.Tests.TestSupport;
using Docent.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Docent.Cluster.Tests;

/// <summary>
/// Two silos set up as `docent serve --cluster redis://…` sets them up find each other through a real Redis server: the
/// shards spread over both, searches through either equal one store's, and when one silo stops its shards answer from
/// the other with nothing lost.
/// </summary>
public sealed class RedisMembershipTests
{
    [RedisFact]
    public async Task SilosJoinThroughRedisAndSurviveOneStopping()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var corpus = ClusterCorpus.Write(Path.Combine(dir.Path, "corpus"), generated: 60, seed: 41);
        var reference = await ClusterHarness.OpenReferenceAsync(Path.Combine(dir.Path, "single"), corpus);
        string clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        using var first = await StartSiloAsync(redis.Port, clusterId, Path.Combine(dir.Path, "shards"));
        using var second = await StartSiloAsync(redis.Port, clusterId, Path.Combine(dir.Path, "shards"));

        var collection = new ShardedCollection(
            first.Services.GetRequiredService<IGrainFactory>(), "handbook", 4, new MultilingualAnalyzer(),
            new ShardedCollectionOptions { ShardTimeout = TimeSpan.FromSeconds(10), Attempts = 30, RetryDelay = TimeSpan.FromMilliseconds(500) });
        await WaitForSilosAsync(first.Services.GetRequiredService<IGrainFactory>(), 2);
        Assert.All(await collection.IngestAsync(corpus.Documents()), r => Assert.Equal(IngestStatus.Added, r.Status));

        // A silo places shards by the members it knows; a rebalance moves any placed before it heard of the other.
        await collection.RebalanceAsync();
        Assert.Equal([2, 2], (await collection.GetSummariesAsync()).GroupBy(s => s!.Silo).Select(g => g.Count()));
        foreach (var query in corpus.Queries.Take(10))
        {
            var result = await collection.SearchAsync(query, 10);
            ClusterHarness.AssertSameRanking(await ReferenceSearch.TopTenAsync(reference, query), result.Hits, query);
        }

        await second.StopAsync();
        foreach (var query in corpus.Queries.Take(10))
        {
            var result = await collection.SearchAsync(query, 10);
            Assert.False(result.IsPartial, $"'{query}' misses shards {string.Join(", ", result.MissingShards)}");
            ClusterHarness.AssertSameRanking(await ReferenceSearch.TopTenAsync(reference, query), result.Hits, query);
        }

        Assert.Equal(corpus.Files.Count, (await collection.GetSummariesAsync()).Sum(s => s!.Documents));
        await first.StopAsync();
    }

    /// <summary>Polls the membership (through Orleans' management grain) until <paramref name="count"/> silos are active, for up to a minute.</summary>
    private static async Task WaitForSilosAsync(IGrainFactory grains, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} silos did not join through Redis within a minute.");
            await Task.Delay(100);
        }
    }

    private static async Task<IHost> StartSiloAsync(int redisPort, string clusterId, string shardRoot)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddDocentSilo(new SiloOptions
        {
            Membership = ClusterMembership.Parse($"redis://127.0.0.1:{redisPort}"),
            ClusterId = clusterId,
            SiloPort = RedisServer.FreePort(),
            GatewayPort = RedisServer.FreePort(),
            Shards = new ShardHostOptions { DataRoot = shardRoot },
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
