using Docent.Hosting;
using Docent.Retrieval;
using Docent.Tests.TestSupport;
using Docent.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Docent.Cluster.Tests;

/// <summary>Starts Orleans test clusters whose silos hold Docent shards under a given folder, and opens the single store the shards are compared with.</summary>
internal static class ClusterHarness
{
    private const string DataRootKey = "DocentDataRoot";
    private const string HybridKey = "DocentHybrid";
    private const int Dimensions = 64;

    /// <summary>
    /// Deploys <paramref name="silos"/> in-process silos holding shards under <paramref name="dataRoot"/>; with
    /// <paramref name="hybrid"/>, each shard keeps vectors of <see cref="Embedder"/> and retrieves by both.
    /// </summary>
    public static async Task<TestCluster> StartAsync(int silos, string dataRoot, bool hybrid = false)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Properties[DataRootKey] = dataRoot;
        builder.Properties[HybridKey] = hybrid ? "true" : "false";
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

    /// <summary>
    /// A bag-of-words embedding model (<see cref="BagOfWords"/>, 64 dimensions): deterministic, so a shard and the single
    /// store embed every chunk alike.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Embedder() => new BagOfWordsEmbedder();

    /// <summary>Options of a data folder that retrieves by words and by <see cref="Embedder"/>'s vectors.</summary>
    public static DocentOptions HybridOptions(string directory)
    {
        var options = new DocentOptions { DataDirectory = directory, MaintainVectors = true };
        options.Settings.Retrieval.Mode = RetrievalMode.Hybrid;
        options.Settings.Embedding.Path = "/unused"; // an embedding model is "configured"; the services' generator replaces it
        return options;
    }

    /// <summary>
    /// The texts of the <paramref name="top"/> chunks of <paramref name="folder"/> most similar to <paramref name="query"/>:
    /// its vector index asked for every chunk it holds explores the whole graph, so the first ten are the exact answer.
    /// </summary>
    public static async Task<HashSet<string>> ExactVectorTopAsync(DataFolder folder, IEmbeddingGenerator<string, Embedding<float>> embedder, string query, int top)
    {
        var searcher = folder.CreateShardSearcher();
        long chunks = (await folder.Documents.GetStatisticsAsync()).Chunks;
        var vector = (await embedder.GenerateAsync([query]))[0].Vector;
        var all = await searcher.SearchVectorsAsync(vector, (int)chunks);
        var best = all.OrderByDescending(h => h.Score).Take(top).ToArray();
        return [.. (await searcher.FetchAsync(best)).Select(h => h.Chunk.Text)];
    }

    /// <summary>Model services lending <see cref="Embedder"/>.</summary>
    public static ModelServices HybridServices(IRemoteCollection? remote = null) =>
        new() { EmbeddingGenerator = Embedder(), EmbeddingModelId = "bow-64", RemoteCollection = remote };

    /// <summary>Ingests every corpus file into one ordinary data folder: the reference the sharded collection must equal.</summary>
    public static async Task<DataFolder> OpenReferenceAsync(string directory, ClusterCorpus corpus, bool hybrid = false)
    {
        var folder = hybrid
            ? await DataFolder.OpenAsync(HybridOptions(directory), HybridServices())
            : await DataFolder.OpenAsync(new DocentOptions { DataDirectory = directory });
        var report = await folder.CreateIngestionPipeline().IngestAsync([corpus.Folder], new Docent.Ingestion.IngestOptions());
        Assert.Empty(report.Failed);
        return folder;
    }

    /// <summary>
    /// Asserts two rankings are the same: equal length, scores pairwise within 1e-6, and the same chunks — named by file
    /// and ordinal, since the stores number documents differently — except that chunks tied at the last score may differ.
    /// A looser <paramref name="tolerance"/> treats scores that close as ties.
    /// </summary>
    public static void AssertSameRanking(IReadOnlyList<RetrievedChunk> expected, IReadOnlyList<RetrievedChunk> actual, string query, double tolerance = 1e-6)
    {
        Assert.True(expected.Count == actual.Count, $"'{query}': {expected.Count} hits expected, {actual.Count} returned");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) <= tolerance, $"'{query}' rank {i + 1}: score {expected[i].Score} expected, {actual[i].Score} returned");
        }

        if (expected.Count == 0)
        {
            return;
        }

        double last = expected[^1].Score;
        Assert.Equal(
            expected.Where(h => h.Score > last + tolerance).Select(Name).Order(StringComparer.Ordinal),
            actual.Where(h => h.Score > last + tolerance).Select(Name).Order(StringComparer.Ordinal));
    }

    private static string Name(RetrievedChunk hit) => Path.GetFileName(hit.Document.Source) + "#" + hit.Chunk.Ordinal;

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            string root = siloBuilder.Configuration[DataRootKey] ?? throw new InvalidOperationException("The test cluster names no data root.");
            bool hybrid = siloBuilder.Configuration[HybridKey] == "true";
            siloBuilder.AddDocentShards(new ShardHostOptions
            {
                DataRoot = root,
                FolderOptions = hybrid ? HybridOptions : null,
                Services = hybrid ? _ => HybridServices() : null,
            });
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

    private sealed class BagOfWordsEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private static float[] Embed(string text) => BagOfWords.Embed(text, Dimensions);
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
