using Docent.Benchmarks.Vectors;
using Docent.Vectors;

namespace Docent.Tests.Vectors;

public sealed class VectorIndexBenchmarkTests
{
    [Fact]
    public void SmallRunReportsRecallSpeedAndMemoryForEachVariant()
    {
        var options = new VectorBenchmarkOptions
        {
            Count = 1500,
            Dimension = 16,
            Queries = 50,
            SearchBreadths = [8, 64],
            Threads = 2,
            MinimumTimedSeconds = 0,
            Quantizations = [VectorQuantization.None, VectorQuantization.Int8],
        };
        var lines = new List<string>();
        var result = VectorIndexBenchmark.Run(options, new ListProgress(lines));

        Assert.Equal(39, result.Clusters);
        Assert.True(result.FlatQueriesPerSecond > 0);
        Assert.Equal(2, result.Runs.Count);
        foreach (var run in result.Runs)
        {
            Assert.Equal([8, 64], run.Points.Select(p => p.SearchBreadth));
            Assert.All(run.Points, p => Assert.InRange(p.RecallAt10, 0.0, 1.0));
            Assert.True(run.Points[1].RecallAt10 >= 0.95, $"{run.Quantization} ef 64 recall {run.Points[1].RecallAt10:0.000}");
            Assert.True(run.Memory.GraphBytes > 0);
        }

        var int8 = result.Runs[1].Memory;
        Assert.True(result.Runs[1].Reloaded);
        Assert.Equal(0, int8.FloatVectorBytes);
        Assert.Equal(1500L * 16 * sizeof(float), int8.MappedFloatVectorBytes);
        Assert.True(int8.QuantizedVectorBytes < 0.3 * int8.MappedFloatVectorBytes);
        Assert.NotEmpty(lines);
    }

    private sealed class ListProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
