using System.Text.Json;

namespace Docent.Cli.Tests;

/// <summary>`docent bench lexical`: one JSON object with both engines' figures, and an out-of-range option named in the error.</summary>
public sealed class BenchLexicalCommandTests
{
    [Fact]
    public async Task Json_is_one_object_with_both_engines()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("bench", "lexical", "--docs", "300", "--queries", "10", "--rounds", "1", "--json");

        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal("zipf", root.GetProperty("corpus").GetString());
        Assert.Equal(300, root.GetProperty("documents").GetInt32());
        foreach (var engine in new[] { "docent", "lucene" })
        {
            var figures = root.GetProperty(engine);
            Assert.Equal(engine, figures.GetProperty("engine").GetString());
            Assert.True(figures.GetProperty("queriesPerSecond").GetProperty("median").GetDouble() > 0);
            Assert.True(figures.GetProperty("diskBytes").GetInt64() > 0);
        }
    }

    [Fact]
    public async Task Rounds_out_of_range_are_named_in_the_error()
    {
        var (code, _, stderr) = await DocentProcess.RunAsync("bench", "lexical", "--rounds", "0");

        Assert.NotEqual(0, code);
        Assert.Contains("--rounds", stderr, StringComparison.Ordinal);
    }
}
