using Docent.Evaluation;
using Docent.Hosting;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Evaluation;

/// <summary>
/// Small end-to-end evaluations on hand-made datasets whose figures are known exactly: they check the
/// evaluation path (loading, ingesting, ranking documents, metrics, answers), not Docent's quality.
/// </summary>
public sealed class EvaluationSmokeTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteBeir()
    {
        _temp.Write("set/corpus.jsonl", string.Join('\n',
            """{"_id": "d1", "title": "Volcanoes", "text": "Basalt lava flows from shield volcanoes in Hawaii."}""",
            """{"_id": "d2", "title": "Glaciers", "text": "Glaciers carve fjords as they retreat."}""",
            """{"_id": "d3", "title": "Deserts", "text": "Sand dunes migrate with the prevailing wind."}""",
            """{"_id": "d4", "title": "Rivers", "text": "Rivers deposit sediment in deltas; glaciers also deposit moraines."}"""));
        _temp.Write("set/queries.jsonl", string.Join('\n',
            """{"_id": "q1", "text": "shield volcanoes lava"}""",
            """{"_id": "q2", "text": "glaciers deposit moraines"}""",
            """{"_id": "q3", "text": "unjudged query"}"""));
        // q2: d4 is the better answer (grade 2), d2 merely relevant (grade 1).
        _temp.Write("set/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td4\t2\nq2\td2\t1\n");
        return Path.Combine(_temp.Path, "set");
    }

    [Fact]
    public async Task Retrieval_evaluation_scores_an_unambiguous_dataset_perfectly()
    {
        var dataset = BeirDataset.Load(WriteBeir());
        Assert.Equal(2, dataset.Queries.Count); // only judged queries
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_temp.Path, "data") });

        var result = await RetrievalEvaluator.EvaluateAsync(dataset, folder);

        Assert.Equal("set", result.Dataset);
        Assert.Equal(2, result.Queries);
        Assert.Equal(1.0, result.PerQuery["q1"]["ndcg@10"], 6);
        Assert.Equal(1.0, result.PerQuery["q1"]["mrr@10"], 6);
        Assert.Equal(0.1, result.PerQuery["q1"]["p@10"], 6);
        // q2 ranks d4 (all three terms) above d2 (one term): the ideal order, so nDCG@10 = 1.
        Assert.Equal(1.0, result.PerQuery["q2"]["ndcg@10"], 6);
        Assert.Equal(1.0, result.PerQuery["q2"]["recall@100"], 6);
        Assert.Equal(1.0, result.Metrics["ndcg@10"].Mean, 6);
        Assert.True(result.Metrics["ndcg@10"].Low <= result.Metrics["ndcg@10"].Mean);
    }

    [Fact]
    public async Task Re_evaluating_in_the_same_data_folder_reuses_the_store_and_drops_entries_no_longer_in_the_corpus()
    {
        var directory = WriteBeir();
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_temp.Path, "data") });
        await RetrievalEvaluator.EvaluateAsync(BeirDataset.Load(directory), folder);
        var before = await folder.Store.GetStatisticsAsync();

        await RetrievalEvaluator.EvaluateAsync(BeirDataset.Load(directory), folder);
        Assert.Equal(before.LastChange, (await folder.Store.GetStatisticsAsync()).LastChange); // nothing re-ingested

        var lines = File.ReadAllLines(Path.Combine(directory, "corpus.jsonl"));
        File.WriteAllLines(Path.Combine(directory, "corpus.jsonl"), lines[..2]);
        File.WriteAllText(Path.Combine(directory, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        var result = await RetrievalEvaluator.EvaluateAsync(BeirDataset.Load(directory), folder);

        Assert.Equal(2, (await folder.Store.GetStatisticsAsync()).Documents);
        Assert.Equal(1.0, result.Metrics["ndcg@10"].Mean, 6);
    }

    [Fact]
    public void A_folder_that_is_not_a_BEIR_dataset_is_refused_by_name()
    {
        var error = Assert.Throws<FileNotFoundException>(() => BeirDataset.Load(_temp.Path));
        Assert.Contains("corpus.jsonl", error.Message);
    }

    [Fact]
    public async Task Qa_evaluation_finds_and_quotes_the_gold_answers()
    {
        var path = _temp.Write("squad.json", """
            {"version": "1.1", "data": [{"title": "Lighthouses", "paragraphs": [
              {"context": "The Bell Rock Lighthouse was built by Robert Stevenson between 1807 and 1810. It stands off the coast of Angus in Scotland.",
               "qas": [{"id": "a", "question": "Who built the Bell Rock Lighthouse?", "answers": [{"answer_start": 49, "text": "Robert Stevenson"}]}]},
              {"context": "The Eddystone Lighthouse has been rebuilt four times. Its current tower is 49 metres tall.",
               "qas": [{"id": "b", "question": "How tall is the current Eddystone tower?", "answers": [{"answer_start": 75, "text": "49 metres"}]}]}]}]}
            """);
        var dataset = SquadDataset.Load(path);
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_temp.Path, "data") });

        var result = await QaEvaluator.EvaluateAsync(dataset, folder, limit: 10);

        Assert.Equal(2, result.Questions);
        Assert.Equal(1.0, result.Metrics["hit@1"]);
        Assert.Equal(1.0, result.Metrics["hit@5"]);
        Assert.Equal(1.0, result.Metrics["contains"]);
        Assert.InRange(result.Metrics["f1"], 0.01, 0.99); // whole sentences: partial token overlap, never exact
        Assert.Equal(0.0, result.Metrics["em"]);
        Assert.True(result.LatencyMs["p95"] >= result.LatencyMs["p50"]);
    }
}
