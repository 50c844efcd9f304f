using System.Text.Json;

namespace Docent.Cli.Tests;

/// <summary>Holds `docent bench vectors --json` to its contract: recall figures named "recall…", speeds named "…qps".</summary>
public sealed class BenchContractTests
{
    [Fact]
    public async Task Bench_vectors_prints_recall_and_qps_per_search_breadth_for_each_index()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync(
            "bench", "vectors", "--count", "3000", "--dim", "16", "--queries", "50", "--ef", "8,64", "--quantization", "both", "--threads", "2", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(3000, root.GetProperty("count").GetInt32());
        Assert.Equal(16, root.GetProperty("dim").GetInt32());
        Assert.True(root.GetProperty("flatQps").GetDouble() > 0);
        Assert.True(root.GetProperty("buildSeconds").GetDouble() > 0);
        foreach (var name in new[] { "hnsw", "int8" })
        {
            var points = root.GetProperty(name);
            Assert.Equal(2, points.GetArrayLength());
            Assert.Equal(8, points[0].GetProperty("ef").GetInt32());
            Assert.InRange(points[1].GetProperty("recallAt10").GetDouble(), 0.95, 1.0);
            Assert.True(points[1].GetProperty("qps").GetDouble() > 0);
        }

        var memory = root.GetProperty("memory");
        Assert.Equal(3000L * 16 * sizeof(float), memory.GetProperty("float32VectorBytes").GetInt64());
        Assert.InRange(memory.GetProperty("int8ToFloat32Ratio").GetDouble(), 0.25, 0.3);
        Assert.Equal(0, memory.GetProperty("int8HeapFloat32Bytes").GetInt64());
    }

    [Fact]
    public async Task Bench_vectors_rejects_a_bad_search_breadth_list()
    {
        var (code, stdout, _) = await DocentProcess.RunAsync("bench", "vectors", "--ef", "16,zero", "--json");

        Assert.Equal(1, code);
        Assert.Contains("--ef", JsonDocument.Parse(stdout).RootElement.GetProperty("error").GetString());
    }
}
