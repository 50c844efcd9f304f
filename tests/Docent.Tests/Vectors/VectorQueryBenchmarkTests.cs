using Docent.Benchmarks.Vectors;
using Docent.Tests.TestSupport;
using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class VectorQueryBenchmarkTests
{
    [Fact]
    public void SavedIndexQueriedWithoutRebuildingGivesTheBuildRunsRecall()
    {
        using var folder = new TempDirectory();
        string indexPath = Path.Combine(folder.Path, "docent.dcvx");
        var built = VectorIndexBenchmark.Run(new VectorBenchmarkOptions
        {
            Count = 1500,
            Dimension = 16,
            Queries = 40,
            SearchBreadths = [4, 64],
            Threads = 1,
            MinimumTimedSeconds = 0,
            TimingRounds = 1,
            DataDirectory = folder.Path,
            IndexPath = indexPath,
        });

        var points = VectorQueryBenchmark.Run(new VectorQueryBenchmarkOptions
        {
            IndexPath = indexPath,
            DataDirectory = folder.Path,
            SearchBreadths = [4, 64],
            Rounds = 3,
            RoundQueries = 25,
        });

        // The same graph searched with the same queries: recall is exactly the build run's, at each breadth.
        Assert.Equal(built.Runs[0].Points.Select(p => p.RecallAt10), points.Select(p => p.RecallAt10));
        Assert.True(points[0].RecallAt10 < points[1].RecallAt10, "a narrow search should miss some of the exact top 10");
        Assert.All(points, p =>
        {
            Assert.Equal(3, p.Qps.Count);
            Assert.All(p.Qps, q => Assert.True(q > 0));
            Assert.False(p.HasPeer);
            Assert.Null(p.PeerRecallAt10);
        });
    }

    [Fact]
    public void PeerRoundsAlternateWithDocentsAndItsAnswersAreParsed()
    {
        if (!File.Exists("/bin/sh"))
        {
            return; // the stand-in peer is a shell script
        }

        using var folder = new TempDirectory();
        string indexPath = Path.Combine(folder.Path, "docent.dcvx");
        VectorIndexBenchmark.Run(new VectorBenchmarkOptions
        {
            Count = 300,
            Dimension = 8,
            Queries = 10,
            SearchBreadths = [8],
            Threads = 1,
            MinimumTimedSeconds = 0,
            TimingRounds = 1,
            DataDirectory = folder.Path,
            IndexPath = indexPath,
        });

        // A stand-in for bench/vectors/hnswlib_bench --serve: fixed recall, 0.5 s wall and 0.25 s CPU per round, and a log of requests.
        string log = Path.Combine(folder.Path, "requests.txt");
        string script = folder.Write("peer.sh", $$"""
            echo ready 300 8
            while read verb ef n; do
              echo "$verb $ef $n" >> '{{log}}'
              case $verb in
                recall) echo "recall $ef 0.75" ;;
                time) echo "time $ef $n 0.5 0.25" ;;
                quit) exit 0 ;;
              esac
            done
            """);

        var point = Assert.Single(VectorQueryBenchmark.Run(new VectorQueryBenchmarkOptions
        {
            IndexPath = indexPath,
            DataDirectory = folder.Path,
            SearchBreadths = [8],
            Rounds = 4,
            RoundQueries = 100,
            Peer = ["/bin/sh", script],
        }));

        Assert.Equal(0.75, point.PeerRecallAt10);
        Assert.Equal([200.0, 200.0, 200.0, 200.0], point.PeerQps);
        Assert.Equal([400.0, 400.0, 400.0, 400.0], point.PeerCpuQps);
        Assert.Equal(4, point.Ratios.Count);
        Assert.Equal(point.Qps[2] / 200.0, point.Ratios[2], 9);

        // One recall request, a warm-up, then one timed round per Docent round, and a quit at the end.
        Assert.Equal(["recall 8 ", "time 8 10", "time 8 100", "time 8 100", "time 8 100", "time 8 100", "quit  "], File.ReadAllLines(log));
    }

    [Fact]
    public async Task MissingDataFolderIsNamedInTheError()
    {
        using var folder = new TempDirectory();
        string indexPath = Path.Combine(folder.Path, "docent.dcvx");
        using (var index = new HnswVectorIndex(4, VectorMetric.Cosine, VectorIndexBenchmark.ModelId))
        {
            index.Upsert(1, [1f, 0f, 0f, 0f]);
            await index.SaveAsync(indexPath, watermark: 0);
        }

        var error = Assert.Throws<FileNotFoundException>(() => VectorQueryBenchmark.Run(new VectorQueryBenchmarkOptions { IndexPath = indexPath, DataDirectory = folder.Path }));
        Assert.Contains("queries.f32", error.Message);
        Assert.Contains("--save-data", error.Message);
    }
}
