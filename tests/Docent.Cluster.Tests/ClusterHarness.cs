using Docent.Hosting;
using Docent.Retrieval;
using Docent.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Docent.Cluster.Tests;

/// <summary>Starts Orleans test clusters whose silos hold Docent shards under a given folder, and opens the single store the shards are compared with.</summary>
internal static class ClusterHarness
{
    private const string DataRootKey = "DocentDataRoot";

    /// <summary>Deploys <paramref name="silos"/> in-process silos holding shards under <paramref name="dataRoot"/>.</summary>
    public static async Task<TestCluster> StartAsync(int silos, string dataRoot)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Properties[DataRootKey] = dataRoot;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>A coordinator over the cluster's <paramref name="shards"/>-shard collection, with short timeouts so a lost silo is noticed quickly.</summary>
    public static ShardedCollection Collection(TestCluster cluster, int shards, bool allowPartial = false) =>
        new(cluster.Client, "handbook", shards, new MultilingualAnalyzer(), new ShardedCollectionOptions
        {
            ShardTimeout = TimeSpan.FromSeconds(5),
            Attempts = 12,
            RetryDelay = TimeSpan.FromMilliseconds(250),
            AllowPartialResults = allowPartial,
        });

    /// <summary>Ingests every corpus file into one ordinary data folder: the reference the sharded collection must equal.</summary>
    public static async Task<DataFolder> OpenReferenceAsync(string directory, ClusterCorpus corpus)
    {
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = directory });
        var report = await folder.CreateIngestionPipeline().IngestAsync([corpus.Folder], new Docent.Ingestion.IngestOptions());
        Assert.Empty(report.Failed);
        return folder;
    }

    /// <summary>
    /// Asserts two rankings are the same: equal length, scores pairwise within 1e-6, and the same chunks — named by file
    /// and ordinal, since the stores number documents differently — except that chunks tied at the last score may differ.
    /// </summary>
    public static void AssertSameRanking(IReadOnlyList<RetrievedChunk> expected, IReadOnlyList<RetrievedChunk> actual, string query)
    {
        Assert.True(expected.Count == actual.Count, $"'{query}': {expected.Count} hits expected, {actual.Count} returned");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= 1e-6, $"'{query}' rank {i + 1}: score {expected[i].Score} expected, {actual[i].Score} returned");
        }

        if (expected.Count == 0)
        {
            return;
        }

        double last = expected[^1].Score;
        Assert.Equal(
            expected.Where(h => h.Score > last + 1e-6).Select(Name).Order(StringComparer.Ordinal),
            actual.Where(h => h.Score > last + 1e-6).Select(Name).Order(StringComparer.Ordinal));
    }

    private static string Name(RetrievedChunk hit) => Path.GetFileName(hit.Document.Source) + "#" + hit.Chunk.Ordinal;

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            string root = siloBuilder.Configuration[DataRootKey] ?? throw new InvalidOperationException("The test cluster names no data root.");
            siloBuilder.AddDocentShards(new ShardHostOptions { DataRoot = root });
            siloBuilder.Configure<ClusterMembershipOptions>(options =>
            {
                // Notice a killed silo within a few seconds rather than the production default of about a minute.
                options.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
            siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.Services.AddDocentSerialization();
            clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }
}
