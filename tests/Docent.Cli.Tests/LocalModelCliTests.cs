using System.Text.Json.Nodes;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// The local-model command line: `docent generate` (greedy output pinned to llama2.c's, sampling options, stop
/// strings), `--chat-model` on the answering commands, and `docent eval perplexity`, all on stories260K.
/// </summary>
public sealed class LocalModelCliTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static string Folder => RepositoryPaths.Fixture("stories260K");

    private static string Model => Path.Combine(Folder, "stories260K.gguf");

    private static string ExpectedGreedy => File.ReadAllText(Path.Combine(Folder, "expected_greedy_t0_n200.txt"));

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task GreedyGenerationFromBosPrintsLlama2CsText()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("generate", "--model", Model, "--temperature", "0", "--max-tokens", "200");
        Assert.True(code == 0, stderr);
        Assert.Equal(ExpectedGreedy + "\n", stdout);
    }

    [Fact]
    public async Task TopKOneIsGreedyAtAnyTemperature_AndFiltersAreAccepted()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync(
            "generate", "-m", Model, "-t", "1.5", "--top-k", "1", "--top-p", "0.9", "--min-p", "0.05", "-n", "200", "--seed", "7", "--threads", "2");
        Assert.True(code == 0, stderr);
        Assert.Equal(ExpectedGreedy + "\n", stdout);
    }

    [Fact]
    public async Task GenerationStopsBeforeAStopString()
    {
        var expected = ExpectedGreedy;
        var stop = expected.Substring(120, 7);
        var (code, stdout, stderr) = await DocentProcess.RunAsync("generate", "-m", Model, "-n", "200", "--stop", "no such text", "--stop", stop);
        Assert.True(code == 0, stderr);
        Assert.Equal(expected[..expected.IndexOf(stop, StringComparison.Ordinal)] + "\n", stdout);
    }

    [Fact]
    public async Task TheRepeatPenaltyChangesGreedyText()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("generate", "-m", Model, "-n", "200", "--repeat-penalty", "1.3");
        Assert.True(code == 0, stderr);
        Assert.NotEqual(ExpectedGreedy + "\n", stdout);
        Assert.True(stdout.Length > 100);
    }

    [Theory]
    [InlineData("--top-p", "0", "TopP")]
    [InlineData("--min-p", "1", "MinP")]
    [InlineData("--threads", "-1", "--threads")]
    public async Task BadSamplingOptionsAreClearErrors(string option, string value, string named)
    {
        var (code, _, stderr) = await DocentProcess.RunAsync("generate", "-m", Model, option, value);
        Assert.Equal(1, code);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APromptIsPrintedAndContinued()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("generate", "-m", Model, "-p", "Once upon a time", "-n", "30");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("Once upon a time", stdout, StringComparison.Ordinal);
        Assert.True(stdout.Length > "Once upon a time".Length + 20);
    }

    [Fact]
    public async Task AMissingChatModelFileIsAClearError()
    {
        var (code, _, stderr) = await DocentProcess.RunAsync("ask", "What?", "--data", _data.Path, "--chat-model", Path.Combine(_data.Path, "nope.gguf"));
        Assert.Equal(1, code);
        Assert.Contains("nope.gguf", stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AModelWithoutAChatTemplateSaysHowToForceOne()
    {
        await Docent.Hosting.DataFolder.OpenAsync(new Docent.Hosting.DocentOptions { DataDirectory = _data.Path }); // ask reads only an existing store
        var (code, _, stderr) = await DocentProcess.RunAsync("ask", "What?", "--data", _data.Path, "--chat-model", Model);
        Assert.Equal(1, code);
        Assert.Contains("has no chat template", stderr, StringComparison.Ordinal);
        Assert.Contains("chat.template=none", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatModelSetsTheProviderAndPathForTheRun()
    {
        var (code, stdout, stderr) = await DocentProcess.RunAsync("config", "show", "--data", _data.Path, "--json", "--chat-model", Model);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"local\"", stdout, StringComparison.Ordinal);
        Assert.Contains("stories260K.gguf", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAnswersWithTheLocalModel()
    {
        var ingest = await DocentProcess.RunAsync("ingest", Path.Combine(RepositoryPaths.Samples, "handbook"), "--data", _data.Path, "--json");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);
        var (code, stdout, stderr) = await DocentProcess.RunAsync(
            "ask", "How many days of annual leave?", "--data", _data.Path, "--json", "--chat-model", Model, "--set", "chat.template=none", "--set", "chat.maxOutputTokens=32");
        Assert.True(code == 0, stderr);
        Assert.EndsWith("stories260K.gguf", JsonNode.Parse(stdout)!["model"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerplexityOfATinyStoryIsPlausible()
    {
        var text = _data.Write("story.txt", "Once upon a time, there was a little girl named Lily. She loved to play outside with her friends."u8.ToArray());
        var (code, stdout, stderr) = await DocentProcess.RunAsync("eval", "perplexity", "--model", Model, "--text", text, "--context", "64", "--stride", "32", "--json");
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        // The sentence is close to the model's own greedy story, so it is well predicted: above 1 (no model is
        // certain), far below the 512 of a uniform guess.
        Assert.InRange(json["perplexity"]!.GetValue<double>(), 1.01, 40);
        Assert.Equal(json["tokens"]!.GetValue<int>() - 1, json["scoredTokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task PerplexityRejectsAContextLargerThanTheModels()
    {
        var text = _data.Write("story.txt", "Once upon a time."u8.ToArray());
        var (code, stdout, _) = await DocentProcess.RunAsync("eval", "perplexity", "--model", Model, "--text", text, "--context", "5000", "--json");
        Assert.Equal(1, code);
        Assert.Contains("the model's context (2048)", JsonNode.Parse(stdout)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
