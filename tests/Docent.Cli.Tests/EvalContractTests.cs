using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>Holds `docent eval retrieval|qa --json` to their contracts on tiny hand-made datasets.</summary>
public sealed class EvalContractTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Eval_retrieval_prints_the_contract_fields_and_compares_runs()
    {
        _temp.Write("set/corpus.jsonl", """
            {"_id": "d1", "title": "Volcanoes", "text": "Basalt lava flows from shield volcanoes."}
            {"_id": "d2", "title": "Glaciers", "text": "Glaciers carve fjords as they retreat."}
            """);
        _temp.Write("set/queries.jsonl", """
            {"_id": "q1", "text": "shield volcanoes"}
            {"_id": "q2", "text": "fjords"}
            """);
        _temp.Write("set/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");
        var dataset = Path.Combine(_temp.Path, "set");

        var (code, stdout, stderr) = await DocentProcess.RunAsync("eval", "retrieval", "--dataset", dataset, "--json");

        Assert.True(code == 0, stderr);
        using (var json = JsonDocument.Parse(stdout))
        {
            var root = json.RootElement;
            Assert.Equal("set", root.GetProperty("dataset").GetString());
            Assert.Equal("test", root.GetProperty("split").GetString());
            Assert.Equal(2, root.GetProperty("queries").GetInt32());
            foreach (var metric in new[] { "ndcg@10", "recall@100", "mrr@10", "map@100" })
            {
                Assert.Equal(1.0, root.GetProperty(metric).GetDouble());
            }

            Assert.Equal(2, root.GetProperty("ci95").GetProperty("ndcg@10").GetArrayLength());
            Assert.Equal(2, root.GetProperty("perQuery").GetArrayLength());
            Assert.Equal("1.2", root.GetProperty("config").GetProperty("k1").GetString());
            Assert.Equal("512", root.GetProperty("config").GetProperty("chunkTokens").GetString());
        }

        var baseline = _temp.Write("baseline.json", stdout);
        var report = Path.Combine(_temp.Path, "report.html");
        var (compareCode, compareOut, _) = await DocentProcess.RunAsync("eval", "retrieval", "--dataset", dataset, "--compare", baseline, "--report", report, "--json");
        Assert.Equal(0, compareCode);
        using var compared = JsonDocument.Parse(compareOut);
        Assert.Equal(0.0, compared.RootElement.GetProperty("compare").GetProperty("ndcg@10Difference").GetDouble());
        Assert.Equal(1.0, compared.RootElement.GetProperty("compare").GetProperty("pValue").GetDouble());
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(report));
    }

    [Fact]
    public async Task Eval_qa_prints_the_contract_fields()
    {
        var squad = _temp.Write("squad.json", """
            {"version": "1.1", "data": [{"title": "Lighthouses", "paragraphs": [
              {"context": "The Bell Rock Lighthouse was built by Robert Stevenson between 1807 and 1810.",
               "qas": [{"id": "a", "question": "Who built the Bell Rock Lighthouse?", "answers": [{"answer_start": 38, "text": "Robert Stevenson"}]}]}]}]}
            """);

        var (code, stdout, stderr) = await DocentProcess.RunAsync("eval", "qa", "--squad", squad, "--limit", "5", "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("questions").GetInt32());
        foreach (var metric in new[] { "hit@1", "hit@5", "contains" })
        {
            Assert.Equal(1.0, root.GetProperty(metric).GetDouble());
        }

        Assert.True(root.TryGetProperty("em", out _));
        Assert.True(root.GetProperty("f1").GetDouble() > 0);
        Assert.True(root.GetProperty("latencyMs").GetProperty("p95").GetDouble() >= root.GetProperty("latencyMs").GetProperty("p50").GetDouble());
    }

    [Fact]
    public async Task Eval_qa_asks_a_golden_set_against_an_existing_data_folder()
    {
        var data = Path.Combine(_temp.Path, "data");
        var (ingest, _, ingestErr) = await DocentProcess.RunAsync("ingest", Path.Combine(RepositoryPaths.Samples, "handbook"), "--data", data);
        Assert.True(ingest == 0, ingestErr);
        var golden = _temp.Write("golden.jsonl", """
            {"question": "Who founded Kestrel Bay Instruments?", "expect": ["Marta Lindqvist"]}
            {"question": "What is the airspeed velocity of an unladen swallow?", "unanswerable": true}
            """);
        var details = Path.Combine(_temp.Path, "details.jsonl");

        var (code, stdout, stderr) = await DocentProcess.RunAsync("eval", "qa", "--golden", golden, "--data", data, "--details", details, "--json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal((2, 1, 1), (root.GetProperty("questions").GetInt32(), root.GetProperty("answerable").GetInt32(), root.GetProperty("unanswerable").GetInt32()));
        Assert.Equal(1.0, root.GetProperty("answered-correctly").GetDouble());
        Assert.Equal(1.0, root.GetProperty("refused-correctly").GetDouble());
        var lines = await File.ReadAllLinesAsync(details);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.True(first.RootElement.GetProperty("correct").GetBoolean());
        Assert.Contains(first.RootElement.GetProperty("quotes").EnumerateArray(), q => q.GetString()!.Contains("Marta Lindqvist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Eval_qa_golden_on_a_missing_data_folder_says_what_to_give()
    {
        var golden = _temp.Write("golden.jsonl", "{\"question\": \"Why?\", \"expect\": [\"because\"]}\n");
        var missing = Path.Combine(_temp.Path, "no-such-data");

        var (code, stdout, _) = await DocentProcess.RunAsync("eval", "qa", "--golden", golden, "--data", missing, "--json");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        var error = json.RootElement.GetProperty("error").GetString();
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Contains("--data DIR", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing)); // not created by asking
    }

    [Fact]
    public async Task Eval_on_a_folder_that_is_not_a_dataset_fails_with_the_reason()
    {
        var (code, stdout, _) = await DocentProcess.RunAsync("eval", "retrieval", "--dataset", _temp.Path, "--json");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Contains("corpus.jsonl", json.RootElement.GetProperty("error").GetString());
    }
}
