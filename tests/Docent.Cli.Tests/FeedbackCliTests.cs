using System.Text.Json.Nodes;
using Docent.Evaluation;
using Docent.Feedback;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>`docent feedback export` turns the browser's thumbs (feedback.jsonl) into a golden set that `docent eval qa --golden` loads.</summary>
public sealed class FeedbackCliTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Export_WritesApprovedAnswersAsAGoldenSet_ForTheDefaultFolderAndACollection()
    {
        var data = Path.Combine(_root.Path, ".docent");
        var hr = Path.Combine(data, "collections", "hr");
        Directory.CreateDirectory(hr);
        var now = DateTimeOffset.UtcNow;
        await FeedbackLog.AppendAsync(data, new FeedbackRecord(now, true, "How many days of leave?", "Staff get 27 days [1].", Found: true));
        await FeedbackLog.AppendAsync(data, new FeedbackRecord(now, false, "Is there a company car?", "Yes.", Found: true, Comment: "made up"));
        await FeedbackLog.AppendAsync(hr, new FeedbackRecord(now, true, "Who is the CEO?", "I could not find this in the documents.", Found: false));

        var stdout = await DocentProcess.RunAsync("feedback", "export", "--data", data);
        Assert.True(stdout.ExitCode == 0, stdout.Stderr);
        var line = JsonNode.Parse(Assert.Single(stdout.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)))!;
        Assert.Equal("How many days of leave?", line["question"]!.GetValue<string>());
        Assert.Equal("Staff get 27 days.", line["expect"]![0]!.GetValue<string>());
        Assert.Contains("1 question from 2 verdicts", stdout.Stderr, StringComparison.Ordinal);

        var file = Path.Combine(_root.Path, "hr-golden.jsonl");
        var json = await DocentProcess.RunAsync("feedback", "export", "--data", data, "--collection", "hr", "--output", file, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var summary = JsonNode.Parse(json.Stdout)!;
        Assert.Equal((1, 1, 0), (summary["questions"]!.GetValue<int>(), summary["verdicts"]!.GetValue<int>(), summary["leftOut"]!.GetValue<int>()));
        var question = Assert.Single(GoldenSet.Load(file).Questions);
        Assert.True(question.Unanswerable);
        Assert.Equal("Who is the CEO?", question.Question);

        var missing = await DocentProcess.RunAsync("feedback", "export", "--data", data, "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--output", JsonNode.Parse(missing.Stdout)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
