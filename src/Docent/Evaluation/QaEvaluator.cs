using System.Diagnostics;
using System.Text.RegularExpressions;
using Docent.Hosting;
using Docent.Retrieval;

namespace Docent.Evaluation;

/// <summary>
/// Evaluates question answering on SQuAD v1.1 through the same path as `docent ask`: the paragraphs are
/// ingested as documents, each question is retrieved and answered, and the answer is scored against the
/// gold answers. hit@k: the gold paragraph is among the top k retrieved documents; contains: a gold answer
/// (SQuAD-normalised) appears in the answer text; EM and F1: the official SQuAD scores of the answer text
/// with its [n] markers removed. Not thread-safe.
/// </summary>
public static partial class QaEvaluator
{
    /// <summary>Passages retrieved per question, as `docent ask` uses by default.</summary>
    public const int ContextChunks = 8;

    /// <summary>Ingests the paragraphs into <paramref name="folder"/> and evaluates the first <paramref name="limit"/> questions.</summary>
    public static async Task<QaEvaluationResult> EvaluateAsync(
        SquadDataset dataset,
        DataFolder folder,
        int limit,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var corpus = new CorpusMaterializer(Path.Combine(folder.DataDirectory, "eval-corpus", "squad"));
        foreach (var paragraph in dataset.Paragraphs)
        {
            corpus.Write(paragraph.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), paragraph.Title, paragraph.Context);
        }

        progress?.Report("ingesting the SQuAD paragraphs");
        await corpus.IngestAsync(folder, cancellationToken).ConfigureAwait(false);

        var questions = dataset.Questions.Take(limit).ToList();
        progress?.Report($"answering {questions.Count} questions");
        double hit1 = 0, hit5 = 0, contains = 0, exact = 0, f1Sum = 0;
        var latencies = new List<double>(questions.Count);
        var perQuestionF1 = new List<double>(questions.Count);
        var outcomes = new List<QaQuestionOutcome>(questions.Count);
        foreach (var question in questions)
        {
            var stopwatch = Stopwatch.StartNew();
            var context = await folder.Retriever.RetrieveAsync(question.Question, new RetrievalOptions { Top = ContextChunks }, cancellationToken).ConfigureAwait(false);
            var answer = await folder.Answerer.GenerateAsync(question.Question, context, folder.DefaultAnswerOptions, cancellationToken).ConfigureAwait(false);
            latencies.Add(stopwatch.Elapsed.TotalMilliseconds);

            var gold = question.ParagraphIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var documents = context.Select(c => corpus.IdOf(c.Document.Source)).Distinct().ToList();
            hit1 += documents.Take(1).Contains(gold) ? 1 : 0;
            hit5 += documents.Take(5).Contains(gold) ? 1 : 0;
            var text = answer.Found ? Marker().Replace(answer.Text, "") : "";
            var contained = SquadScoring.Contains(text, question.Answers);
            contains += contained ? 1 : 0;
            exact += SquadScoring.ExactMatch(text, question.Answers);
            var f1 = SquadScoring.F1(text, question.Answers);
            f1Sum += f1;
            perQuestionF1.Add(f1);
            var rank = documents.IndexOf(gold);
            outcomes.Add(new QaQuestionOutcome(question.Id, question.Question, question.Answers, answer.Text, answer.Found, rank < 0 ? null : rank + 1, contained, f1));
        }

        latencies.Sort();
        var n = Math.Max(1, questions.Count);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["hit@1"] = hit1 / n,
            ["hit@5"] = hit5 / n,
            ["contains"] = contains / n,
            ["em"] = exact / n,
            ["f1"] = f1Sum / n,
        };
        var latency = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["p50"] = Percentile(latencies, 0.50),
            ["p95"] = Percentile(latencies, 0.95),
        };
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["retriever"] = "lexical (BM25F)",
            ["answerer"] = folder.Answerer.GetType().Name,
            ["analyzer"] = folder.Analyzer.Name,
            ["contextChunks"] = ContextChunks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["maxSentences"] = folder.DefaultAnswerOptions.MaxSentences.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new QaEvaluationResult(questions.Count, metrics, latency, perQuestionF1, config, outcomes);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Marker();
}
