using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Docent.Answering;
using Docent.Hosting;
using Docent.Retrieval;

namespace Docent.Evaluation;

/// <summary>
/// Evaluates question answering through the same path as `docent ask`: each question is retrieved and answered
/// and the answer scored. SQuAD (v1.1 or v2.0) and ClapNQ passages are first ingested as documents; a golden set
/// is asked against a data folder as it is. hit@k: the gold paragraph is among the top k retrieved documents;
/// contains: a gold answer appears in the answer text (normalised for any language, <see cref="SquadScoring.Contains"/>); EM and F1: the official SQuAD 2.0
/// scores of the answer text with its [n] markers removed (a refusal is the empty answer, which scores 1 on an
/// unanswerable question). With unanswerable questions: answered-correctly (the share of answerable questions
/// answered right) and refused-correctly (the share of unanswerable ones refused, <see cref="Answer.Found"/> false).
/// Not thread-safe.
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
            corpus.Write(paragraph.Index.ToString(CultureInfo.InvariantCulture), paragraph.Title, paragraph.Context);
        }

        progress?.Report("ingesting the SQuAD paragraphs");
        await corpus.IngestAsync(folder, cancellationToken).ConfigureAwait(false);

        var (latencies, outcomes) = await AskEachAsync(folder, dataset.Questions.Take(limit).ToList(), q => q.Question, (question, context, answer) =>
        {
            var text = AnswerText(answer);
            var contained = SquadScoring.Contains(text, question.Answers);
            double em, f1;
            if (question.Unanswerable)
            {
                em = f1 = SquadScoring.NoAnswerScore(text);
            }
            else
            {
                em = SquadScoring.ExactMatch(text, question.Answers);
                f1 = SquadScoring.F1(text, question.Answers);
            }

            return new QaQuestionOutcome(question.Id, question.Question, question.Answers, answer.Text, answer.Found,
                GoldRank(corpus, context, question.ParagraphIndex.ToString(CultureInfo.InvariantCulture)), contained, f1)
            {
                ExactMatch = em,
                Unanswerable = question.Unanswerable,
                Correct = question.Unanswerable ? !answer.Found : contained,
                Quotes = Quotes(answer),
            };
        }, progress, cancellationToken).ConfigureAwait(false);

        var metrics = HitRates(outcomes);
        metrics["contains"] = Mean(outcomes.Select(o => o.Contains ? 1.0 : 0.0));
        metrics["em"] = Mean(outcomes.Select(o => o.ExactMatch));
        metrics["f1"] = Mean(outcomes.Select(o => o.F1));
        if (dataset.HasUnanswerable)
        {
            AddAnswerOrRefuse(metrics, outcomes);
            metrics["hasAns-em"] = Mean(outcomes.Where(o => !o.Unanswerable).Select(o => o.ExactMatch));
            metrics["hasAns-f1"] = Mean(outcomes.Where(o => !o.Unanswerable).Select(o => o.F1));
            metrics["noAns-em"] = Mean(outcomes.Where(o => o.Unanswerable).Select(o => o.ExactMatch));
            metrics["noAns-f1"] = Mean(outcomes.Where(o => o.Unanswerable).Select(o => o.F1));
        }

        return Result(folder, metrics, latencies, outcomes, dataset.HasUnanswerable ? "SQuAD 2.0" : "SQuAD v1.1");
    }

    /// <summary>
    /// Ingests the ClapNQ passages into <paramref name="folder"/> and evaluates the first <paramref name="limit"/>
    /// questions: answered-correctly (an answerable question's answer quotes a gold sentence, <see cref="GoldSentenceScoring"/>),
    /// refused-correctly, and gold-sentence citation precision (mean over answered answerable questions) and recall
    /// (mean over answerable questions).
    /// </summary>
    public static async Task<QaEvaluationResult> EvaluateAsync(
        ClapNqDataset dataset,
        DataFolder folder,
        int limit,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var corpus = new CorpusMaterializer(Path.Combine(folder.DataDirectory, "eval-corpus", "clapnq"));
        for (var i = 0; i < dataset.Passages.Count; i++)
        {
            corpus.Write(i.ToString(CultureInfo.InvariantCulture), dataset.Passages[i].Title, dataset.Passages[i].Text);
        }

        progress?.Report("ingesting the ClapNQ passages");
        await corpus.IngestAsync(folder, cancellationToken).ConfigureAwait(false);

        var (latencies, outcomes) = await AskEachAsync(folder, dataset.Questions.Take(limit).ToList(), q => q.Question, (question, context, answer) =>
        {
            var quotes = Quotes(answer);
            var (answered, precision, recall) = answer.Found ? GoldSentenceScoring.Score(quotes, question.GoldSentences) : (false, null, 0.0);
            var rank = GoldRank(corpus, context, question.PassageIndex.ToString(CultureInfo.InvariantCulture));
            return new QaQuestionOutcome(question.Id, question.Question, question.GoldSentences, answer.Text, answer.Found, rank, answered, 0)
            {
                Unanswerable = question.Unanswerable,
                Correct = question.Unanswerable ? !answer.Found : answered,
                CitationPrecision = question.Unanswerable ? null : precision,
                CitationRecall = question.Unanswerable ? null : recall,
                Quotes = quotes,
            };
        }, progress, cancellationToken).ConfigureAwait(false);

        var metrics = HitRates(outcomes);
        AddAnswerOrRefuse(metrics, outcomes);
        metrics["citation-precision"] = Mean(outcomes.Select(o => o.CitationPrecision).OfType<double>());
        metrics["citation-recall"] = Mean(outcomes.Select(o => o.CitationRecall).OfType<double>());
        return Result(folder, metrics, latencies, outcomes, "ClapNQ");
    }

    /// <summary>
    /// Asks the first <paramref name="limit"/> questions of a golden set against <paramref name="folder"/> as it is
    /// (nothing is ingested): answered-correctly (the answer text, markers removed, contains an expected phrase,
    /// ignoring case) and refused-correctly.
    /// </summary>
    public static async Task<QaEvaluationResult> EvaluateAsync(
        GoldenSet set,
        DataFolder folder,
        int limit,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (latencies, outcomes) = await AskEachAsync(folder, set.Questions.Take(limit).ToList(), q => q.Question, (question, _, answer) =>
        {
            var text = AnswerText(answer);
            var contained = question.Expect.Any(p => text.Contains(p.Trim(), StringComparison.OrdinalIgnoreCase));
            return new QaQuestionOutcome(question.Id, question.Question, question.Expect, answer.Text, answer.Found, null, contained, 0)
            {
                Unanswerable = question.Unanswerable,
                Correct = question.Unanswerable ? !answer.Found : contained,
                Quotes = Quotes(answer),
            };
        }, progress, cancellationToken).ConfigureAwait(false);

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        AddAnswerOrRefuse(metrics, outcomes);
        return Result(folder, metrics, latencies, outcomes, "golden set");
    }

    /// <summary>
    /// Asks each question through the ask path and scores it; the latencies (ms) come back beside the outcomes, in
    /// question order. Each question is answered once with no confidence threshold; the answer scored is that one,
    /// refused when its confidence is below the folder's threshold (exactly what the generator does with it), and the
    /// unthresholded answer's confidence and correctness are kept for the threshold sweep.
    /// </summary>
    private static async Task<(List<double> Latencies, List<QaQuestionOutcome> Outcomes)> AskEachAsync<TQuestion>(
        DataFolder folder,
        IReadOnlyList<TQuestion> questions,
        Func<TQuestion, string> textOf,
        Func<TQuestion, IReadOnlyList<RetrievedChunk>, Answer, QaQuestionOutcome> score,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        progress?.Report($"answering {questions.Count} questions");
        var latencies = new List<double>(questions.Count);
        var outcomes = new List<QaQuestionOutcome>(questions.Count);
        var threshold = folder.DefaultAnswerOptions.MinConfidence;
        foreach (var question in questions)
        {
            var (context, raw, ms) = await AskAsync(folder, textOf(question), cancellationToken).ConfigureAwait(false);
            latencies.Add(ms);
            var answer = raw.Found && raw.Confidence is { } confidence && threshold is { } least && confidence < least
                ? new Answer(raw.Question, Answer.NotFoundText, false, [], []) { Confidence = confidence }
                : raw;
            var outcome = score(question, context, answer);
            var correctIfAnswered = raw.Found && (ReferenceEquals(raw, answer) ? outcome.Correct : score(question, context, raw).Correct);
            outcomes.Add(outcome with
            {
                Confidence = raw.Confidence,
                CouldAnswer = raw.Found,
                CorrectIfAnswered = correctIfAnswered,
                ConfidenceEvidence = raw.ConfidenceEvidence,
            });
        }

        return (latencies, outcomes);
    }

    /// <summary>Retrieves and answers with no confidence threshold (0): the caller applies the threshold.</summary>
    private static async Task<(IReadOnlyList<RetrievedChunk> Context, Answer Answer, double Ms)> AskAsync(DataFolder folder, string question, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var context = await folder.Retriever.RetrieveAsync(question, new RetrievalOptions { Top = ContextChunks }, cancellationToken).ConfigureAwait(false);
        var options = folder.DefaultAnswerOptions;
        options.MinConfidence = 0;
        var answer = await folder.Answerer.GenerateAsync(question, context, options, cancellationToken).ConfigureAwait(false);
        return (context, answer, stopwatch.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// answered-correctly and refused-correctly at each threshold 0, 0.01, …, 1: a question is answered at t when an
    /// answer could be given and its confidence is at least t. Null when the answers carry no confidence (a chat model)
    /// or there are no unanswerable questions to trade against.
    /// </summary>
    public static IReadOnlyList<QaThresholdPoint>? Sweep(IReadOnlyList<QaQuestionOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0 || outcomes.Any(o => o.CouldAnswer && o.Confidence is null))
        {
            return null;
        }

        var answerable = outcomes.Where(o => !o.Unanswerable).ToList();
        var unanswerable = outcomes.Where(o => o.Unanswerable).ToList();
        var points = new List<QaThresholdPoint>(101);
        for (var step = 0; step <= 100; step++)
        {
            var t = step / 100.0;
            bool Answered(QaQuestionOutcome o) => o.CouldAnswer && o.Confidence >= t;
            points.Add(new QaThresholdPoint(
                t,
                answerable.Count == 0 ? null : answerable.Count(o => Answered(o) && o.CorrectIfAnswered) / (double)answerable.Count,
                unanswerable.Count == 0 ? null : unanswerable.Count(o => !Answered(o)) / (double)unanswerable.Count));
        }

        return points;
    }

    /// <summary>The answer text that is scored: markers removed; empty for a refusal.</summary>
    private static string AnswerText(Answer answer) => answer.Found ? Marker().Replace(answer.Text, "") : "";

    private static List<string> Quotes(Answer answer) => answer.Found ? answer.Citations.Select(c => c.Quote).ToList() : [];

    private static int? GoldRank(CorpusMaterializer corpus, IReadOnlyList<RetrievedChunk> context, string gold)
    {
        var documents = context.Select(c => corpus.IdOf(c.Document.Source)).Distinct().ToList();
        var rank = documents.IndexOf(gold);
        return rank < 0 ? null : rank + 1;
    }

    private static Dictionary<string, double> HitRates(List<QaQuestionOutcome> outcomes) => new(StringComparer.Ordinal)
    {
        ["hit@1"] = Mean(outcomes.Select(o => o.GoldRank <= 1 ? 1.0 : 0.0)),
        ["hit@5"] = Mean(outcomes.Select(o => o.GoldRank <= 5 ? 1.0 : 0.0)),
    };

    /// <summary>answered-correctly over the answerable questions and refused-correctly over the unanswerable ones, each when there are any.</summary>
    private static void AddAnswerOrRefuse(Dictionary<string, double> metrics, List<QaQuestionOutcome> outcomes)
    {
        if (outcomes.Any(o => !o.Unanswerable))
        {
            metrics["answered-correctly"] = Mean(outcomes.Where(o => !o.Unanswerable).Select(o => o.Correct ? 1.0 : 0.0));
        }

        if (outcomes.Any(o => o.Unanswerable))
        {
            metrics["refused-correctly"] = Mean(outcomes.Where(o => o.Unanswerable).Select(o => o.Correct ? 1.0 : 0.0));
        }
    }

    private static QaEvaluationResult Result(DataFolder folder, Dictionary<string, double> metrics, List<double> latencies, List<QaQuestionOutcome> outcomes, string dataset)
    {
        latencies.Sort();
        var latency = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["p50"] = Percentile(latencies, 0.50),
            ["p95"] = Percentile(latencies, 0.95),
        };
        var mode = folder.Mode;
        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dataset"] = dataset,
            ["retriever"] = mode == RetrievalMode.Lexical ? "lexical (BM25F)" : $"{mode.ToString().ToLowerInvariant()} (BM25F + {folder.EmbeddingModelId})",
            ["answerer"] = folder.Answerer.GetType().Name,
            ["analyzer"] = folder.Analyzer.Name,
            ["contextChunks"] = ContextChunks.ToString(CultureInfo.InvariantCulture),
            ["maxSentences"] = folder.DefaultAnswerOptions.MaxSentences.ToString(CultureInfo.InvariantCulture),
        };
        var threshold = folder.DefaultAnswerOptions.MinConfidence;
        if (threshold is { } least)
        {
            config["minConfidence"] = least.ToString(CultureInfo.InvariantCulture);
        }

        return new QaEvaluationResult(outcomes.Count, metrics, latency, outcomes.Select(o => o.F1).ToList(), config, outcomes)
        {
            Threshold = threshold,
            Sweep = Sweep(outcomes),
        };
    }

    private static double Mean(IEnumerable<double> values)
    {
        var list = values as IReadOnlyCollection<double> ?? values.ToList();
        return list.Count == 0 ? 0 : list.Average();
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Marker();
}
