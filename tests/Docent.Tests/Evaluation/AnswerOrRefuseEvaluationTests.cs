using Docent.Evaluation;
using Docent.Hosting;
using Docent.Tests.TestSupport;

namespace Docent.Tests.Evaluation;

/// <summary>
/// `eval qa` on SQuAD 2.0-shaped, ClapNQ-shaped and golden-set inputs written here, through the real evaluator:
/// answered-correctly, refused-correctly and the HasAns/NoAns split, from outcomes checked one by one.
/// </summary>
public sealed class AnswerOrRefuseEvaluationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Squad2_scores_answers_and_refusals_separately()
    {
        var path = _temp.Write("squad2.json", """
            {"version": "v2.0", "data": [{"title": "Lighthouses", "paragraphs": [
              {"context": "The Bell Rock Lighthouse was built by Robert Stevenson between 1807 and 1810. It stands off the coast of Angus in Scotland.",
               "qas": [{"id": "a", "question": "Who built the Bell Rock Lighthouse?", "answers": [{"answer_start": 38, "text": "Robert Stevenson"}], "is_impossible": false},
                       {"id": "c", "question": "What do zebras eat in winter?", "answers": [], "plausible_answers": [{"answer_start": 0, "text": "The"}], "is_impossible": true}]},
              {"context": "The Eddystone Lighthouse has been rebuilt four times. Its current tower is 49 metres tall.",
               "qas": [{"id": "b", "question": "How tall is the current Eddystone tower?", "answers": [{"answer_start": 75, "text": "49 metres"}], "is_impossible": false},
                       {"id": "d", "question": "How tall was the first Eddystone tower?", "answers": [], "is_impossible": true}]}]}]}
            """);
        var dataset = SquadDataset.Load(path);
        Assert.True(dataset.HasUnanswerable);
        Assert.Empty(dataset.Questions.Single(q => q.Id == "c").Answers); // plausible answers are not gold
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_temp.Path, "data") });

        var result = await QaEvaluator.EvaluateAsync(dataset, folder, limit: 10);

        var byId = result.PerQuestion.ToDictionary(o => o.Id);
        Assert.True(byId["a"].Found && byId["a"].Correct);
        Assert.True(byId["b"].Found && byId["b"].Correct);
        Assert.False(byId["c"].Found); // no word of the question is in the documents
        Assert.True(byId["c"].Correct);
        Assert.True(byId["d"].Found); // on topic: today's answerer quotes the tower's height
        Assert.False(byId["d"].Correct);
        Assert.Equal((2, 2), (result.Answerable, result.Unanswerable));
        Assert.Equal(1.0, result.Metrics["answered-correctly"]);
        Assert.Equal(0.5, result.Metrics["refused-correctly"]);
        Assert.Equal(0.5, result.Metrics["noAns-em"]);
        Assert.Equal(0.5, result.Metrics["noAns-f1"]);
        Assert.Equal(0.0, result.Metrics["hasAns-em"]); // whole sentences, never the exact span
        Assert.Equal(0.25, result.Metrics["em"]); // only the refusal scores 1
        Assert.Equal(1.0, byId["c"].F1);
        Assert.Equal((byId["a"].F1 + byId["b"].F1 + 1.0 + 0.0) / 4, result.Metrics["f1"], 12);
        Assert.Equal("SQuAD 2.0", result.Config["dataset"]);
    }

    [Fact]
    public async Task ClapNq_scores_gold_sentence_citations_and_refusals()
    {
        var answerable = """
            {"id": "1", "input": "who designed the forth bridge", "passages": [{"title": "Forth Bridge", "text": "The Forth Bridge is a railway bridge in Scotland . It was designed by John Fowler and Benjamin Baker . It opened in 1890 .", "sentences": ["The Forth Bridge is a railway bridge in Scotland .", "It was designed by John Fowler and Benjamin Baker .", "It opened in 1890 ."]}], "output": [{"answer": "John Fowler and Benjamin Baker designed it .", "selected_sentences": ["It was designed by John Fowler and Benjamin Baker ."], "meta": {}}]}
            """;
        var unanswerable = """
            {"id": "2", "input": "what colour are penguin eggs", "passages": [{"title": "Tay Bridge", "text": "The Tay Bridge carries the railway across the Firth of Tay . It is over two miles long .", "sentences": ["The Tay Bridge carries the railway across the Firth of Tay .", "It is over two miles long ."]}], "output": [{"answer": "", "selected_sentences": [], "meta": {}}]}
            """;
        _temp.Write("clapnq/dev/a_answerable.jsonl", answerable.Trim() + "\n");
        _temp.Write("clapnq/dev/b_unanswerable.jsonl", unanswerable.Trim() + "\n");
        var dataset = ClapNqDataset.Load(Path.Combine(_temp.Path, "clapnq"));
        Assert.Equal(2, dataset.Passages.Count);
        Assert.Equal(["1", "2"], dataset.Questions.Select(q => q.Id));
        Assert.True(dataset.Questions[1].Unanswerable);
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(_temp.Path, "data") });

        var result = await QaEvaluator.EvaluateAsync(dataset, folder, limit: 10);

        var first = result.PerQuestion[0];
        Assert.True(first.Found);
        Assert.Contains(first.Quotes, q => q.Contains("John Fowler", StringComparison.Ordinal));
        Assert.Equal(1, first.GoldRank);
        Assert.Equal(1.0, result.Metrics["answered-correctly"]);
        Assert.Equal(1.0, result.Metrics["citation-recall"]); // the one gold sentence is cited
        var expectedPrecision = (double)first.Quotes.Distinct().Count(q => q.Contains("John Fowler", StringComparison.Ordinal)) / first.Quotes.Distinct().Count();
        Assert.Equal(expectedPrecision, result.Metrics["citation-precision"], 12);
        Assert.False(result.PerQuestion[1].Found);
        Assert.Equal(1.0, result.Metrics["refused-correctly"]);
        Assert.Null(result.PerQuestion[1].CitationRecall);
    }

    [Fact]
    public void A_ClapNq_answer_without_selected_sentences_is_answerable_and_scored_on_its_text()
    {
        var path = _temp.Write("one.jsonl", """
            {"id": 7, "input": "where does the cheer come from", "passages": [{"title": "Cheer", "text": "The cheer comes from a magazine ."}], "output": [{"answer": "It comes from a student magazine .", "selected_sentences": []}]}
            """);

        var question = Assert.Single(ClapNqDataset.Load(path).Questions);

        Assert.False(question.Unanswerable);
        Assert.Equal(["It comes from a student magazine ."], question.GoldSentences);
        Assert.Equal("7", question.Id);
    }

    [Fact]
    public async Task A_golden_set_is_asked_against_the_sample_handbook()
    {
        var data = Path.Combine(_temp.Path, "data");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = data });
        var report = await folder.CreateIngestionPipeline().IngestAsync([Path.Combine(RepositoryPaths.Samples, "handbook")], new Docent.Ingestion.IngestOptions(), null, CancellationToken.None);
        Assert.Empty(report.Failed);
        var golden = _temp.Write("golden.jsonl", """
            {"question": "Who founded Kestrel Bay Instruments?", "expect": ["marta lindqvist", "Owen Achebe"], "unanswerable": false}

            {"id": "swallow", "question": "What is the airspeed velocity of an unladen swallow?", "unanswerable": true}
            {"question": "What are the core hours?", "expect": ["09:00 to 17:00"]}
            """);

        var result = await QaEvaluator.EvaluateAsync(GoldenSet.Load(golden), folder, limit: 10);

        Assert.Equal(["line 1", "swallow", "line 4"], result.PerQuestion.Select(o => o.Id));
        Assert.True(result.PerQuestion[0].Correct); // matched ignoring case
        Assert.False(result.PerQuestion[1].Found);
        Assert.True(result.PerQuestion[2].Found); // answered, but not with the expected (wrong) phrase
        Assert.Equal(0.5, result.Metrics["answered-correctly"]);
        Assert.Equal(1.0, result.Metrics["refused-correctly"]);
        Assert.False(result.Metrics.ContainsKey("hit@1")); // no gold documents in a golden set
    }

    [Theory]
    [InlineData("{\"expect\": [\"x\"]}", "line 1 has no \"question\"")]
    [InlineData("{\"question\": \"Why?\"}", "line 1 expects no phrase")]
    [InlineData("{\"question\": \"Why?\", \"expect\": \"x\"}", "\"expect\" must be a list")]
    [InlineData("not json", "line 1 is not JSON")]
    public void A_wrong_golden_line_is_refused_by_file_and_line(string line, string expected)
    {
        var path = _temp.Write("golden.jsonl", line + "\n");

        var error = Assert.Throws<InvalidDataException>(() => GoldenSet.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
