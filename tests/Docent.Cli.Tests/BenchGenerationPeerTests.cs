using System.Text.Json;
using Docent.Tests.Ingestion;

namespace Docent.Cli.Tests;

/// <summary>
/// `docent bench generation --peer llamacpp` end to end on a small random model: llama.cpp (the real library, through the
/// bench/Docent.Benchmarks.LlamaCpp program this project builds) loads Docent's files, and both engines compute the same model.
/// </summary>
public sealed class BenchGenerationPeerTests
{
    [LinuxFact] // llama.cpp's native libraries here are Linux x64 builds
    public async Task LlamaCpp_runs_on_the_same_files_interleaved_and_agrees_with_docent()
    {
        using var temp = new Docent.Tests.TestSupport.TempDirectory();
        var (code, stdout, stderr) = await DocentProcess.RunAsync(
            "bench", "generation", "--dim", "256", "--hidden", "512", "--layers", "2", "--heads", "4", "--kv-heads", "2", "--vocab", "1000",
            "--context", "64", "--steps", "16", "--prompt", "32", "--warmup", "2", "--rounds", "1", "--threads", "1", "--types", "q8_0,q4_k_m",
            "--peer", "llamacpp", "--pairs", "2", "--peer-kv", "f32", "--out", temp.Path, "--json");

        Assert.True(code == 0, stderr + stdout);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("llama.cpp", root.GetProperty("peer").GetString());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();

        // A B A B: each pair measures Docent, then llama.cpp, for each format.
        Assert.Equal(
            ["docent", "llama.cpp", "docent", "llama.cpp", "docent", "llama.cpp", "docent", "llama.cpp"],
            runs.Select(r => r.GetProperty("engine").GetString()));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], runs.Select(r => r.GetProperty("pair").GetInt32()));
        Assert.All(runs, r => Assert.True(r.GetProperty("decodeTokensPerSecond").GetDouble() > 0));
        Assert.Contains("AVX", runs[1].GetProperty("systemInfo").GetString(), StringComparison.Ordinal);

        var comparisons = root.GetProperty("comparisons").EnumerateArray().ToList();
        Assert.Equal(["q8_0", "q4_k_m"], comparisons.Select(c => c.GetProperty("format").GetString()));
        foreach (var c in comparisons)
        {
            Assert.Equal(2, c.GetProperty("pairs").GetInt32());
            Assert.True(c.GetProperty("sameTokens").GetBoolean(), c.ToString());
            Assert.InRange(c.GetProperty("promptAgreement").GetDouble(), 0.9, 1.0);
            var ratio = c.GetProperty("decodeRatio").GetDouble();
            Assert.InRange(ratio, c.GetProperty("decodeRatioMin").GetDouble(), c.GetProperty("decodeRatioMax").GetDouble());
        }
    }
}
